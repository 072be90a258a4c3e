"""The one base class of the register's domain errors."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class DomainError(Exception):
    """A rule of the register was broken, or a request cannot be answered.

    ``message`` is for the user, in their language; a subclass gives its default and a
    caller may give a more precise one. Views catch ``DomainError`` to show the message
    and keep what the user wrote.
    """

    message: "str | _StrPromise" = _("The change could not be made.")

    def __init__(self, message: "str | _StrPromise | None" = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
