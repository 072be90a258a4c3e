"""Printable documents (minutes, notices) rendered to PDF with WeasyPrint."""

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

STATIC_SCHEME = "bsr-static:"


def _static_fetcher():
    # Built on first use: importing WeasyPrint loads Pango, which only PDF pages need.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFetcher(URLFetcher):
        """Reads stylesheets from the site's own static files and nothing from the network,
        so a PDF renders the same offline and in tests."""

        def fetch(self, url, headers=None):
            path = url.startswith(STATIC_SCHEME) and finders.find(url.removeprefix(STATIC_SCHEME))
            if not path:
                raise ValueError(f"Only the site's static files are read: {url}")
            with open(path, "rb") as file:
                body = file.read()
            return URLFetcherResponse(url, body, {"Content-Type": "text/css; charset=utf-8"})

    return StaticFetcher()


# A public register's documents must be readable with a screen reader (WCAG 2.1 AA,
# EN 301 549): PDF/UA-1 tags the structure (headings, paragraphs, tables, lists) and
# writes the language from <html lang> and the title from <title> into the catalog, the
# document information and the XMP metadata, and asks viewers to show that title.
PDF_VARIANT = "pdf/ua-1"


def render_pdf(template: str, context: dict, request: HttpRequest | None = None) -> bytes:
    """Render a template to a tagged PDF. Templates link static CSS as
    ``bsr-static:css/x.css`` and need ``<html lang>`` and a ``<title>``."""
    from weasyprint import HTML

    html = render_to_string(template, {**context, "for_pdf": True}, request=request)
    document = HTML(string=html, url_fetcher=_static_fetcher(), base_url=".")
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(data: bytes, filename: str) -> HttpResponse:
    """A Word document to download, its name encoded for any browser."""
    response = HttpResponse(data, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
