from django.urls import path

from people import views

urlpatterns = [
    path("personer/", views.people_list, name="people_list"),
    path("personer/ny/", views.person_create, name="person_create"),
    path("personer/<int:pk>/", views.person_detail, name="person_detail"),
    path("personer/<int:pk>/historik/", views.person_history_page, name="person_history"),
    path("personer/<int:pk>/redigera/", views.person_edit, name="person_edit"),
    path("personer/<int:pk>/bjud-in/", views.person_invite, name="person_invite"),
    path("personer/<int:pk>/roller/", views.membership_give, name="membership_give"),
    path(
        "personer/<int:pk>/roller/<int:membership_pk>/avsluta/",
        views.membership_end,
        name="membership_end",
    ),
    path("personer/<int:pk>/huvudman/", views.representation_give, name="representation_give"),
    path(
        "personer/<int:pk>/huvudman/<int:representation_pk>/avsluta/",
        views.representation_end,
        name="representation_end",
    ),
    path(
        "personer/<int:pk>/administrator/",
        views.person_administrator,
        name="person_administrator",
    ),
    path("personer/<int:pk>/aktiv/", views.person_active, name="person_active"),
    path("personer/inbjudan/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("konto/", views.account, name="account"),
    path("att-gora/", views.todo, name="todo"),
    path("utskick/", views.outbox, name="outbox"),
    path("utskick/<int:pk>/", views.outbox_message, name="outbox_message"),
    path("utskick/<int:pk>/skicka-igen/", views.outbox_send_again, name="outbox_send_again"),
]
