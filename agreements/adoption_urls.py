from django.urls import path

from agreements import adoption_views

urlpatterns = [
    path("beslut/<int:pk>/antaganden/", adoption_views.adoption_list, name="adoption_list"),
    path("beslut/<int:pk>/antaganden/oppna/", adoption_views.adoption_open, name="adoption_open"),
    path(
        "beslut/<int:pk>/antaganden/<slug:slug>/",
        adoption_views.adoption_edit,
        name="adoption_edit",
    ),
]
