from django.urls import path

from people import views

urlpatterns = [
    path("personer/", views.people_list, name="people_list"),
    path("personer/ny/", views.person_create, name="person_create"),
    path("personer/<id:pk>/", views.person_detail, name="person_detail"),
    path("personer/<id:pk>/historik/", views.person_history_page, name="person_history"),
    path("personer/<id:pk>/redigera/", views.person_edit, name="person_edit"),
    path("personer/<id:pk>/bjud-in/", views.person_invite, name="person_invite"),
    path("personer/<id:pk>/roller/", views.membership_give, name="membership_give"),
    path(
        "personer/<id:pk>/roller/<id:membership_pk>/avsluta/",
        views.membership_end,
        name="membership_end",
    ),
    path("personer/<id:pk>/huvudman/", views.representation_give, name="representation_give"),
    path(
        "personer/<id:pk>/huvudman/<id:representation_pk>/avsluta/",
        views.representation_end,
        name="representation_end",
    ),
    path(
        "personer/<id:pk>/administrator/",
        views.person_administrator,
        name="person_administrator",
    ),
    path("personer/<id:pk>/aktiv/", views.person_active, name="person_active"),
    path("personer/inbjudan/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("konto/", views.account, name="account"),
    path("utskick/", views.outbox, name="outbox"),
    path("utskick/<id:pk>/", views.outbox_message, name="outbox_message"),
    path("utskick/<id:pk>/skicka-igen/", views.outbox_send_again, name="outbox_send_again"),
]
