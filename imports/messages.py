"""What the parser's warnings say to a person."""

from django.utils.translation import gettext as _

from .parser import ParseWarning


def warning_message(warning: ParseWarning) -> str:
    values = {"item": warning.item, "clause": warning.clause}
    messages = {
        "unknown_forum": _("The forum could not be recognised: choose it."),
        "forum_from_decisions": _(
            "The forum is not named in the heading; it was taken from who decided."
        ),
        "no_date": _("The date of the meeting was not found: give it."),
        "no_items": _("No numbered items were found in the text."),
        "no_decisions": _("Item %(item)s has no decision: check that none was missed."),
        "unclassified": _(
            "Item %(item)s, clause %(clause)s: the kind of decision was guessed; check it."
        ),
        "no_target": _(
            "Item %(item)s, clause %(clause)s: the forum it is referred to was not found."
        ),
    }
    return messages.get(warning.code, warning.code) % values
