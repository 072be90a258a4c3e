"""Reactions to what the minutes record."""

from agreements.notifications import recommendations_published
from agreements.services import close_undecided_adoptions, open_adoptions
from meetings.models import Decision, Meeting
from meetings.signals import minutes_published, recommendation_recorded, recommendation_withdrawn


def open_adoptions_for_recommendation(sender, *, decision: Decision, **kwargs) -> None:
    open_adoptions(recommendation=decision)


def close_adoptions_for_withdrawn(sender, *, decision: Decision, **kwargs) -> None:
    close_undecided_adoptions(recommendation=decision)


def send_recommendations(sender, *, meeting: Meeting, **kwargs) -> None:
    recommendations_published(meeting)


def connect() -> None:
    minutes_published.connect(send_recommendations, dispatch_uid="agreements.send_recommendations")
    recommendation_recorded.connect(
        open_adoptions_for_recommendation, dispatch_uid="agreements.open_adoptions"
    )
    recommendation_withdrawn.connect(
        close_adoptions_for_withdrawn, dispatch_uid="agreements.close_adoptions"
    )
