from django.urls import path

from agendas import views

urlpatterns = [
    path("", views.agenda_start, name="agenda_start"),
    path("kallelse/<int:pk>/", views.notice_page, name="notice_page"),
    path("kallelse/<int:pk>/pdf/", views.notice_pdf, name="notice_pdf"),
    path("kallelse/<int:pk>/word/", views.notice_docx, name="notice_docx"),
    path("kallelse/<int:pk>/skickad/", views.notice_send, name="notice_send"),
    path("<str:code>/", views.agenda_generate, name="agenda_generate"),
]
