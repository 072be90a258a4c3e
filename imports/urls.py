from django.urls import path

from . import views

urlpatterns = [
    path("", views.upload, name="import_upload"),
    path("granska/", views.review, name="import_review"),
]
