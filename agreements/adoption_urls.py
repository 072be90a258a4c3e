from django.urls import path

from agreements import adoption_views

urlpatterns = [
    path("beslut/<id:pk>/antaganden/", adoption_views.adoption_list, name="adoption_list"),
    path("beslut/<id:pk>/antaganden/oppna/", adoption_views.adoption_open, name="adoption_open"),
    path(
        "beslut/<id:pk>/antaganden/<slug:slug>/",
        adoption_views.adoption_edit,
        name="adoption_edit",
    ),
]
