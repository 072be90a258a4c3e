from django.urls import path

from meetings import edit_views

urlpatterns = [
    path("moten/protokoll/", edit_views.minutes_list, name="minutes_list"),
    path("moten/nytt/", edit_views.meeting_create, name="meeting_create"),
    path("moten/<id:pk>/redigera/", edit_views.meeting_edit, name="meeting_edit"),
    path("moten/<id:pk>/punkter/ny/", edit_views.item_edit, name="meeting_item_create"),
    path("moten/<id:pk>/punkter/<id:item_pk>/", edit_views.item_edit, name="meeting_item_edit"),
    path(
        "moten/<id:pk>/skicka-for-justering/",
        edit_views.meeting_send_for_review,
        name="meeting_send_for_review",
    ),
    path("moten/<id:pk>/justering/", edit_views.meeting_workflow, name="meeting_workflow"),
    path("moten/<id:pk>/justera/", edit_views.meeting_review, name="meeting_review"),
    path(
        "moten/<id:pk>/justering-utanfor/",
        edit_views.meeting_record_justering,
        name="meeting_record_justering",
    ),
    path("moten/<id:pk>/godkann/", edit_views.meeting_approve, name="meeting_approve"),
    path(
        "moten/<id:pk>/till-utkast/",
        edit_views.meeting_return_to_draft,
        name="meeting_return_to_draft",
    ),
    path("moten/<id:pk>/publicera/", edit_views.meeting_publish, name="meeting_publish"),
]
