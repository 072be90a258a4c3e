from django.urls import path

from . import views

urlpatterns = [
    path("", views.upload, name="import_upload"),
    path("omgang/<id:pk>/", views.batch_detail, name="import_batch"),
    path("omgang/<id:pk>/spara-utan-varningar/", views.batch_save_clean, name="import_save_clean"),
    path("dokument/<id:pk>/", views.document_review, name="import_document"),
    path("dokument/<id:pk>/ta-tillbaka/", views.document_restore, name="import_document_restore"),
    path("granska/", views.review, name="import_review"),
]
