from django.urls import path

from meetings import print_views, word_views

urlpatterns = [
    path("moten/<int:pk>/utskrift/", print_views.meeting_print, name="meeting_print"),
    path("moten/<int:pk>/pdf/", print_views.meeting_pdf, name="meeting_pdf"),
    path("moten/<int:pk>/word/", word_views.meeting_docx, name="meeting_docx"),
    path(
        "moten/<int:pk>/utdrag/<int:item_pk>/pdf/",
        print_views.item_extract_pdf,
        name="item_extract_pdf",
    ),
    path(
        "moten/<int:pk>/utdrag/<int:item_pk>/word/",
        word_views.item_extract_docx,
        name="item_extract_docx",
    ),
]
