"""Recording each principal's decision on a recommendation, and checking its wording."""

import datetime
import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from agreements.diff import WordDiff, recommended_wording, word_diff
from agreements.models import PrincipalDecision
from agreements.services import NotARecommendation, open_adoptions
from council.errors import DomainError
from council.history import changes_by
from council.permissions import can_record_adoption


class AdoptionError(DomainError):
    message = _("The decision could not be recorded.")


class AdoptionNotAllowed(AdoptionError):
    message = _(
        "Only an administrator or the principal's own representative can record its decision."
    )


class AdoptionConflict(AdoptionError):
    message = _(
        "Someone else changed this decision while you were editing it. Your text is kept "
        "below; compare it with what is now recorded and save again."
    )


def adoption_version(adoption: PrincipalDecision) -> str:
    """A fingerprint of what is recorded now, sent with the form to detect a later change.

    It covers the values themselves as well as the latest history row, so a change is
    noticed whichever way it was made.
    """
    latest = adoption.history.order_by("-history_id").values_list("history_id", flat=True).first()
    values = (
        latest,
        adoption.status,
        adoption.decided_on,
        adoption.body,
        adoption.reference,
        adoption.adopted_text,
    )
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class WordingCheck:
    """How an adoption's text compares with the recommended wording."""

    state: str  # "identical", "differs", "missing" or "not_applicable"
    diff: WordDiff | None

    @property
    def flagged(self) -> bool:
        return self.state in {"differs", "missing"}


def check_wording(adoption: PrincipalDecision) -> WordingCheck:
    """Whether an adoption recorded as identical really has the recommended words.

    The text is compared with the one clause the adoption answers (PrincipalDecision
    belongs to a single recommendation clause); a principal adopting several clauses
    of one item has one row, and one comparison, for each.
    """
    recommendation = adoption.recommendation
    text = adoption.adopted_text.strip()
    diff = word_diff(recommended_wording(recommendation.text), text) if text else None
    if adoption.status != PrincipalDecision.Status.ADOPTED or not (
        recommendation.requires_identical
    ):
        return WordingCheck("not_applicable", diff)
    if diff is None:
        return WordingCheck("missing", None)
    return WordingCheck("identical" if diff.identical else "differs", diff)


@transaction.atomic
def record_adoption(
    *,
    adoption: PrincipalDecision,
    user: User,
    status: str,
    decided_on: datetime.date | None,
    body: str = "",
    reference: str = "",
    adopted_text: str = "",
    version: str,
) -> PrincipalDecision:
    """Store a principal's decision, refusing it if someone changed the row meanwhile.

    ``version`` is the adoption_version() of the row as the user saw it.
    """
    locked = (
        PrincipalDecision.objects.select_for_update()
        .select_related("recommendation", "principal")
        .get(pk=adoption.pk)
    )
    if not can_record_adoption(user, locked.principal):
        raise AdoptionNotAllowed()
    if version != adoption_version(locked):
        raise AdoptionConflict()
    locked.status = status
    locked.decided_on = decided_on
    locked.body = body.strip()
    locked.reference = reference.strip()
    locked.adopted_text = adopted_text.strip()
    locked.full_clean()
    with changes_by(user):
        locked.save()
    return locked


@transaction.atomic
def open_adoptions_as(*, recommendation, user: User) -> list[PrincipalDecision]:
    """Create the pending rows for every principal, signed by the user who asked."""
    if not can_record_adoption(user):
        raise AdoptionNotAllowed()
    try:
        with changes_by(user):
            return open_adoptions(recommendation=recommendation)
    except NotARecommendation as error:
        raise AdoptionError(NotARecommendation.message) from error
