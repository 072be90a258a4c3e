from django.urls import path

from meetings import print_views

urlpatterns = [
    path("moten/<int:pk>/utskrift/", print_views.meeting_print, name="meeting_print"),
    path("moten/<int:pk>/pdf/", print_views.meeting_pdf, name="meeting_pdf"),
]
