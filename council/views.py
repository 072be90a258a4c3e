"""Pages of the site itself rather than of the register."""

from django.conf import settings
from django.shortcuts import render


def accessibility_statement(request):
    """The accessibility statement that the law on accessible digital public services
    asks every public body to publish, in the form DIGG prescribes."""
    return render(
        request,
        "accessibility.html",
        {
            "contact": settings.ACCESSIBILITY_CONTACT,
            "assessed": settings.ACCESSIBILITY_ASSESSED,
        },
    )
