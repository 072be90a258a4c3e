"""Printable documents (minutes, notices) rendered to PDF with WeasyPrint."""

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def _static_fetcher(url: str, *args, **kwargs):
    # Stylesheets are read from the app's own static files, never over the network, so
    # a PDF renders the same offline and in tests.
    from weasyprint import default_url_fetcher

    if url.startswith("bsr-static:"):
        path = finders.find(url.removeprefix("bsr-static:"))
        if path:
            return {"file_obj": open(path, "rb"), "mime_type": None}
    return default_url_fetcher(url, *args, **kwargs)


def render_pdf(template: str, context: dict, request: HttpRequest | None = None) -> bytes:
    """Render a template to PDF bytes. Templates link static CSS as ``bsr-static:css/x.css``."""
    from weasyprint import HTML

    html = render_to_string(template, {**context, "for_pdf": True}, request=request)
    return HTML(string=html, url_fetcher=_static_fetcher, base_url=".").write_pdf()


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
