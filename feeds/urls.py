from django.urls import path

from feeds import atom, views

urlpatterns = [
    path("kalender.ics", views.calendar_all, name="calendar_all"),
    path("forum/<str:code>/kalender.ics", views.calendar_forum, name="calendar_forum"),
    path("kalender/<str:token>.ics", views.calendar_personal, name="calendar_personal"),
    path("konto/kalender/", views.my_calendar, name="my_calendar"),
    path("konto/kalender/ny-adress/", views.my_calendar_renew, name="my_calendar_renew"),
    path("beslut/atom/", atom.DecisionFeed(), name="decision_feed"),
    path("arenden/<id:pk>/atom/", atom.CaseFeed(), name="case_feed"),
    path("overenskommelser/<id:pk>/atom/", atom.AgreementFeed(), name="agreement_feed"),
    path("forum/<str:code>/atom/", atom.ForumFeed(), name="forum_feed"),
    path("konto/foljer/", views.follow_list, name="follow_list"),
    path("folj/", views.follow, name="follow"),
    path("folj/<id:pk>/sluta/", views.unfollow, name="unfollow"),
    path("sluta-folja/<str:token>/", views.unfollow_signed, name="unfollow_signed"),
]
