from django.urls import path

from agendas import views

urlpatterns = [
    path("", views.agenda_start, name="agenda_start"),
    path("kallelse/<id:pk>/", views.notice_page, name="notice_page"),
    path("kallelse/<id:pk>/pdf/", views.notice_pdf, name="notice_pdf"),
    path("kallelse/<id:pk>/word/", views.notice_docx, name="notice_docx"),
    path("kallelse/<id:pk>/skickad/", views.notice_send, name="notice_send"),
    path("<str:code>/", views.agenda_generate, name="agenda_generate"),
]
