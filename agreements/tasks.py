"""Work of agreements for the background worker."""

from django_tasks import task

from agreements.notifications import send_recommendation
from meetings.models import Decision


@task()
def email_recommendation(decision_id: int) -> int:
    """Send a published recommendation to each principal's representatives (once each)."""
    recommendation = (
        Decision.objects.for_adoption()
        .select_related("item__meeting__forum")
        .filter(pk=decision_id, item__meeting__status="published")
        .first()
    )
    return send_recommendation(recommendation) if recommendation else 0
