"""What the register takes as text and dates people type, shared by the models and by the
forms that build their own fields.

Text is plain text: a Word file refuses control characters outright ("All strings must
be XML compatible"), a PDF draws them as boxes or nothing, and nobody sees them on
screen, so they are refused where they are typed, with the place they are at. A
multi-line text has a ceiling far above any minutes, under what PostgreSQL's search
vector of a decision holds (1 MB). Dates lie in years the register's date arithmetic
(a meeting's agenda horizon, the next date without a year) can never carry past the
calendar's end.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Unicode's control characters (category Cc: C0, DEL and C1) but tab, line feed and
# carriage return, which are text.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAK = re.compile(r"[\r\n]")

# The most a multi-line field holds: some forty pages. The search vector of a decision
# (its clause, its item's title and discussion) stays well under PostgreSQL's 1 MB.
LONG_TEXT_MAX = 100_000

FIRST_YEAR, LAST_YEAR = 1900, 2999


@deconstructible
class PlainTextValidator:
    """Refuses control characters; in a single-line field also a line break, since a name,
    a title or a place is written where a line break breaks it: in the subject of an
    e-mail (which Django refuses to send with one), a heading of the minutes, a cell of
    the Word tables."""

    def __init__(self, *, single_line: bool = False) -> None:
        self.single_line = single_line

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        found = CONTROL_CHARACTER.search(value)
        if found:
            raise ValidationError(
                _(
                    "The text contains an invisible control character (%(code)s) at "
                    "character %(position)s, often left by text copied from another "
                    "program. Delete it and save again."
                ),
                code="control_character",
                params={"code": f"U+{ord(found.group()):04X}", "position": found.start() + 1},
            )
        if self.single_line and LINE_BREAK.search(value):
            raise ValidationError(
                _("Write this on one line: the field cannot hold a line break."),
                code="line_break",
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, PlainTextValidator) and self.single_line == other.single_line

    def __hash__(self) -> int:
        return hash((PlainTextValidator, self.single_line))


plain_text = PlainTextValidator()
one_line = PlainTextValidator(single_line=True)
# For a model's multi-line field, beside plain_text: a validator rather than the field's
# max_length, which on a TextField would have SQLite rebuild the table for no column change.
long_text = MaxLengthValidator(LONG_TEXT_MAX)


def plausible_date(value: datetime.date | None) -> None:
    """Refuses dates outside the years the register can work with."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Give a date between the years %(first)s and %(last)s."),
            code="date_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )
