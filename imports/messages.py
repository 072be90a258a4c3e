"""What the parser's warnings say to a person."""

from django.utils.translation import gettext as _

from .parser import ParseWarning


def warning_message(warning: ParseWarning) -> str:
    values = {"item": warning.item, "clause": warning.clause, "detail": warning.detail}
    messages = {
        "unknown_forum": _("The forum could not be recognised: choose it."),
        "forum_from_decisions": _(
            "The forum is not named in the heading; it was taken from who decided."
        ),
        "no_date": _("The date of the meeting was not found: give it."),
        "date_conflict": _(
            "The minutes give more than one date for the meeting (%(detail)s): check which "
            "is the meeting's."
        ),
        "date_from_minutes": _(
            "The only date found stands beside the registration number, where the minutes "
            "give the date they were written: check that it is the meeting's."
        ),
        "no_items": _("No numbered items were found in the text."),
        "text_before_items": _(
            "Text before the first item was read as no part of the heading "
            "(”%(detail)s”): check that no item before it was missed."
        ),
        "gap_in_numbers": _(
            "The items are numbered %(detail)s with a number missing in between: check that "
            "no item was missed."
        ),
        "doubtful_names": _(
            "These entries of the attendance do not read as people's names and were left "
            "out: %(detail)s. Add any that are people by hand."
        ),
        "not_a_person": _(
            "Item %(item)s: %(detail)s is no person and no group of the register; it is not "
            "kept as a presenter."
        ),
        "no_decisions": _("Item %(item)s has no decision: check that none was missed."),
        "unclassified": _(
            "Item %(item)s, clause %(clause)s: the kind of decision was guessed; check it."
        ),
        "no_target": _(
            "Item %(item)s, clause %(clause)s: the forum it is referred to was not found."
        ),
        "long_clause": _(
            "Item %(item)s, clause %(clause)s is far longer than a clause usually is: check "
            "that no discussion after it was read into it."
        ),
    }
    return messages.get(warning.code, warning.code) % values
