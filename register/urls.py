"""The member pages, all of them read-only."""

from django.urls import path

from register import meeting_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("att-gora/", views.todo, name="todo"),
    path("sok/", views.search_page, name="search"),
    path("beslut/", views.decision_list, name="decision_list"),
    path("beslut/csv/", views.decision_csv, name="decision_csv"),
    path("moten/", meeting_views.meeting_list, name="meeting_list"),
    path("moten/<id:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("forum/", meeting_views.forum_list, name="forum_list"),
    path("forum/<str:code>/", meeting_views.forum_detail, name="forum_detail"),
    path("arenden/", views.case_list, name="case_list"),
    path("arenden/<id:pk>/", views.case_detail, name="case_detail"),
    path("overenskommelser/", views.agreement_list, name="agreement_list"),
    path("overenskommelser/<id:pk>/", views.agreement_detail, name="agreement_detail"),
    path("huvudman/", views.principal_list, name="principal_list"),
    path("huvudman/<slug:slug>/", views.principal_detail, name="principal_detail"),
    path("uppdrag/", meeting_views.assignment_list, name="assignment_list"),
]
