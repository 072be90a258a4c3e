"""When the minutes decide on an item a generated agenda proposed, its source is answered.

Connected to ``post_save`` of the decision model, so it holds whatever code saves the
minutes: the minutes form, an import, the administration or a shell.
"""

from agendas.queries import NOT_AN_ANSWER
from meetings.models import AgendaItem, Assignment, Decision


def answer_sources(sender, instance: Decision, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or instance.kind in NOT_AN_ANSWER:
        return
    item = (
        AgendaItem.objects.filter(pk=instance.item_id)
        .only("pk", "outcome", "source_decision_id", "source_assignment_id")
        .first()
    )
    if item is None or (not item.source_decision_id and not item.source_assignment_id):
        return
    if item.outcome in (AgendaItem.Outcome.TABLED, AgendaItem.Outcome.WITHDRAWN):
        # Tabling or withdrawing does not answer anything: the matter comes back.
        return
    if (
        item.source_decision_id
        and instance.answers_id is None
        and item.source_decision_id != instance.pk
        and not Decision.objects.filter(item=item, answers_id=item.source_decision_id).exists()
    ):
        # Only the first clause decided on the item answers the referral, so that the
        # chain shows one answer, not one per att-clause.
        instance.answers_id = item.source_decision_id
        instance.save(update_fields=["answers"])
    if item.source_assignment_id:
        assignment = Assignment.objects.filter(
            pk=item.source_assignment_id, status=Assignment.Status.OPEN
        ).first()
        if assignment is not None:
            assignment.status = Assignment.Status.REPORTED
            assignment.reported_in = item
            assignment.save(update_fields=["status", "reported_in"])


def connect() -> None:
    from django.db.models.signals import post_save

    post_save.connect(answer_sources, sender=Decision, dispatch_uid="agendas.answer_sources")
