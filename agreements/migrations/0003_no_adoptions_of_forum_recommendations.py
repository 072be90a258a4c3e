"""A recommendation addressed to a forum asks for that forum's position, as a referral
does; only a recommendation to the principals is adopted. Until now every
recommendation opened sixteen pending adoptions: those of a recommendation addressed to
a forum that no principal ever decided are removed, each removal in the history with
its reason. An adoption that a principal once decided stays."""

from django.db import migrations
from django.db.models import Exists, OuterRef
from django.utils import timezone

REASON = "Inte längre en rekommendation till huvudmännen; ingen huvudman hade beslutat."


def remove_undecided_adoptions(apps, schema_editor):
    PrincipalDecision = apps.get_model("agreements", "PrincipalDecision")
    Historical = apps.get_model("agreements", "HistoricalPrincipalDecision")
    decided_once = Historical.objects.filter(id=OuterRef("pk")).exclude(status="pending")
    undecided = list(
        PrincipalDecision.objects.filter(
            recommendation__kind="recommended",
            recommendation__referred_to__isnull=False,
            status="pending",
        ).exclude(Exists(decided_once))
    )
    if not undecided:
        return
    now = timezone.now()
    Historical.objects.bulk_create(
        Historical(
            id=adoption.pk,
            recommendation_id=adoption.recommendation_id,
            principal_id=adoption.principal_id,
            status=adoption.status,
            decided_on=adoption.decided_on,
            body=adoption.body,
            reference=adoption.reference,
            adopted_text=adoption.adopted_text,
            history_date=now,
            history_type="-",
            history_change_reason=REASON,
            history_user=None,
        )
        for adoption in undecided
    )
    PrincipalDecision.objects.filter(pk__in=[a.pk for a in undecided]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_plain_text"),
        ("meetings", "0010_plain_text"),
    ]

    operations = [
        # Nothing to put back: the removed rows were pending adoptions nobody decided.
        migrations.RunPython(remove_undecided_adoptions, migrations.RunPython.noop),
    ]
