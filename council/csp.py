"""What browsers report the Content-Security-Policy refused, written to the log.

The policy (CONTENT_SECURITY_POLICY in council/settings.py) names this view in its
report-uri. A report says which directive refused what on which page: in the log it
shows a page of the site that still has inline script or style, or a browser extension
or injected proxy content, which the policy rightly refuses.
"""

import json
import logging

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("council.csp")

# A report is a few hundred bytes; anything much larger is not one.
MAX_REPORT_BYTES = 16 * 1024
# The longest value written to the log from a report, so that nobody fills the log
# through an address anyone may post to.
MAX_VALUE_CHARS = 300
FIELDS = [
    "document-uri",
    "violated-directive",
    "effective-directive",
    "blocked-uri",
    "source-file",
    "line-number",
    "column-number",
    "script-sample",
]


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


# Browsers send reports without the CSRF cookie or token: there is no form behind them,
# and the view changes nothing but the log.
@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > MAX_REPORT_BYTES or len(request.body) > MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(request.body).get("csp-report")
    except (ValueError, AttributeError):
        report = None
    if not isinstance(report, dict):
        return HttpResponse(status=400)
    # %r keeps a value's line breaks and quotes from forging lines of the log.
    logger.warning(
        "Content-Security-Policy violation: %s",
        ", ".join(f"{name}={_short(report[name])!r}" for name in FIELDS if name in report),
    )
    return HttpResponse(status=204)
