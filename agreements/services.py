"""Workflows on agreements and adoptions."""

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from agreements.models import PrincipalDecision
from council.errors import DomainError
from council.models import Principal
from meetings.models import Decision


class NotARecommendation(DomainError):
    message = _("Only a recommendation to the principals can be sent for adoption.")


# Why the adoptions of a clause that no longer asks the principals to adopt it are
# removed, as the history records it (in the register's language, whoever removes them).
NOT_FOR_ADOPTION = _("No longer a recommendation to the principals; no principal had decided.")


@transaction.atomic
def open_adoptions(*, recommendation: Decision) -> list[PrincipalDecision]:
    """Create a pending decision for every principal that has none yet.

    Only a recommendation to the principals is adopted; one addressed to a forum asks
    for that forum's position, as a referral does."""
    if not recommendation.is_for_adoption:
        raise NotARecommendation()
    existing = set(recommendation.principal_decisions.values_list("principal_id", flat=True))
    created = []
    for principal in Principal.objects.exclude(pk__in=existing):
        created.append(
            PrincipalDecision.objects.create(recommendation=recommendation, principal=principal)
        )
    return created


def undecided_adoptions(recommendation: Decision) -> QuerySet[PrincipalDecision]:
    """The recommendation's adoptions that no principal has decided: pending now, and
    never anything else in their history."""
    decided_once = PrincipalDecision.history.filter(id=OuterRef("pk")).exclude(
        status=PrincipalDecision.Status.PENDING
    )
    return recommendation.principal_decisions.pending().exclude(Exists(decided_once))


@transaction.atomic
def close_undecided_adoptions(*, recommendation: Decision) -> int:
    """Remove the adoptions no principal has decided of a clause that is no longer a
    recommendation to the principals, each removal in the history with its reason. A
    principal's decision once recorded stays. Returns how many were removed."""
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(NOT_FOR_ADOPTION)
    removed = 0
    for adoption in undecided_adoptions(recommendation):
        adoption._change_reason = reason  # type: ignore[attr-defined]
        adoption.delete()
        removed += 1
    return removed
