"""Reactions to what the minutes record."""

from agreements.services import open_adoptions
from meetings.models import Decision
from meetings.signals import recommendation_recorded


def open_adoptions_for_recommendation(sender, *, decision: Decision, **kwargs) -> None:
    open_adoptions(recommendation=decision)


def connect() -> None:
    recommendation_recorded.connect(
        open_adoptions_for_recommendation, dispatch_uid="agreements.open_adoptions"
    )
