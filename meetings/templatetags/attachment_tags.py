"""Attachments linked where the minutes name them: "Bilaga 5", "bilagorna 3 och 4"."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_NUMBER = r"[A-Z]?\d+[a-z]?"
# The word and the numbers after it; numbers go on through commas, "och", "&" and dashes.
REFERENCE = re.compile(
    rf"\b(bilag(?:a|an|or|orna))(\s+)({_NUMBER}(?:\s*(?:,|och|&amp;|&|–|-)\s*{_NUMBER})*)",
    re.IGNORECASE,
)
_EACH = re.compile(_NUMBER)


@register.filter(needs_autoescape=True)
def link_attachments(text: str, urls: dict | None, autoescape: bool = True) -> SafeString:
    """The text with each reference to an attachment of the meeting made a link to it.

    ``urls`` maps an attachment's number to its address (``attachment_urls`` of the
    minutes views). Numbers without an attachment stay text."""
    escaped = conditional_escape(text or "") if autoescape else (text or "")
    if not urls:
        return mark_safe(escaped)

    def numbers(match: re.Match) -> str:
        word, space, rest = match.groups()
        first = True
        pieces = []
        position = 0
        for number in _EACH.finditer(rest):
            pieces.append(rest[position : number.start()])
            url = urls.get(number.group())
            if url and first:
                # The first link carries the word, so that it reads "Bilaga 5" on its own.
                pieces.append(
                    format_html('<a href="{}">{}{}{}</a>', url, word, space, number.group())
                )
            elif url:
                pieces.append(format_html('<a href="{}">{}</a>', url, number.group()))
            else:
                pieces.append(number.group() if not first else f"{word}{space}{number.group()}")
            first = False
            position = number.end()
        pieces.append(rest[position:])
        return "".join(str(p) for p in pieces)

    return mark_safe(REFERENCE.sub(numbers, str(escaped)))
