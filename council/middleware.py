"""Requests the register cannot trust, answered before they reach a view, and a lost
database connection answered with a page that keeps what the person wrote."""

from django.db import InterfaceError, OperationalError, connections
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

NUL = "\x00"


def _has_nul(values) -> bool:
    return any(NUL in key or any(NUL in v for v in vs) for key, vs in values.lists())


class RefuseNulBytes:
    """A NUL byte in the path, the query or a posted field answers 404 (path) or 400.

    No page has an address with one, and PostgreSQL refuses them in text, so a NUL that
    reached a lookup would end as an error page of the database instead of the site's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path or NUL in request.path_info:
            raise Http404
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            return HttpResponse(
                render_to_string("400.html"), status=400, content_type="text/html; charset=utf-8"
            )
        return self.get_response(request)


# What a dropped or refused connection raises; _worth_retrying tells those apart from an
# OperationalError that another try would only repeat.
CONNECTION_ERRORS = (OperationalError, InterfaceError)


class DatabaseUnavailable:
    """When the connection to the database is lost mid-request, answer 503 with a Swedish
    page that needs no database, and for a form the fields it sent, to send again.

    The request's transaction (every save runs in one) is rolled back with the connection,
    so nothing is half-written; the connection is closed so the next request opens a new
    one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, CONNECTION_ERRORS) or not _worth_retrying(exception):
            return None
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
            if not connection.is_usable():
                connection.close()
        fields = None
        had_files = False
        if request.method == "POST":
            try:
                fields = [(k, v) for k, vs in request.POST.lists() for v in vs]
                had_files = bool(request.FILES)
            except Exception:  # an unreadable body: offer the page again instead
                fields = None
        context = {"fields": fields, "had_files": had_files, "action": request.get_full_path()}
        response = HttpResponse(
            render_to_string("503_database.html", context),
            status=503,
            content_type="text/html; charset=utf-8",
        )
        response["Retry-After"] = "5"
        return response


# SQLSTATE classes worth a second try: connection exceptions, the server shutting down or
# ending the session, and a transaction rolled back for a deadlock or serialisation.
RETRY_STATES = ("08", "57P", "40")


def _worth_retrying(error: Exception) -> bool:
    """A lost connection, a server going away, a deadlock or a locked SQLite file; not an
    error in what was asked (a value beyond a limit of the database, say), which another
    try would only repeat."""
    if isinstance(error, InterfaceError):
        return True
    if any(not c.is_usable() for c in connections.all(initialized_only=True) if c.connection):
        return True
    state = getattr(error.__cause__, "sqlstate", None) or ""
    return state.startswith(RETRY_STATES) or "database is locked" in str(error)
