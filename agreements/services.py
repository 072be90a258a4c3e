"""Workflows on agreements and adoptions."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agreements.models import PrincipalDecision
from council.errors import DomainError
from council.models import Principal
from meetings.models import Decision


class NotARecommendation(DomainError):
    message = _("Only a recommendation to the principals can be sent for adoption.")


@transaction.atomic
def open_adoptions(*, recommendation: Decision) -> list[PrincipalDecision]:
    """Create a pending decision for every principal that has none yet."""
    if recommendation.kind != Decision.Kind.RECOMMENDED:
        raise NotARecommendation()
    existing = set(recommendation.principal_decisions.values_list("principal_id", flat=True))
    created = []
    for principal in Principal.objects.exclude(pk__in=existing):
        created.append(
            PrincipalDecision.objects.create(recommendation=recommendation, principal=principal)
        )
    return created
