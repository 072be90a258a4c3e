from django.urls import path

from meetings import print_views, word_views

urlpatterns = [
    path("moten/<id:pk>/utskrift/", print_views.meeting_print, name="meeting_print"),
    path("moten/<id:pk>/pdf/", print_views.meeting_pdf, name="meeting_pdf"),
    path("moten/<id:pk>/word/", word_views.meeting_docx, name="meeting_docx"),
    path(
        "moten/<id:pk>/utdrag/<id:item_pk>/pdf/",
        print_views.item_extract_pdf,
        name="item_extract_pdf",
    ),
    path(
        "moten/<id:pk>/utdrag/<id:item_pk>/word/",
        word_views.item_extract_docx,
        name="item_extract_docx",
    ),
]
