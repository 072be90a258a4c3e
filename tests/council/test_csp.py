"""The Content-Security-Policy: sent on every page, strict, and nothing inline left to refuse."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

EXPECTED = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
    "base-uri": {"'self'"},
    "object-src": {"'none'"},
    "report-uri": {"/csp-rapport/"},
}

# Rendered only to PDF by WeasyPrint on the server (council.pdf.render_pdf), never sent to
# a browser: its <style> holds the translated words of the page counter.
PDF_ONLY = {"meetings/print/minutes_pdf.html": {"<style>"}}


def policy(response) -> dict[str, set[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def test_an_ordinary_page_sends_the_strict_policy(client, reference):
    response = client.get(reverse("forum_list"))
    assert response.status_code == 200
    assert policy(response) == EXPECTED
    header = response.headers["Content-Security-Policy"]
    assert "unsafe" not in header and "nonce-" not in header
    assert "Content-Security-Policy-Report-Only" not in response.headers


def test_the_administration_and_the_log_in_page_send_it_too(client, administrator):
    assert policy(client.get(reverse("login"))) == EXPECTED
    client.force_login(administrator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert policy(response) == EXPECTED
    # The site's own admin styles come from a file on every page of it.
    assert "/static/css/admin.css" in response.content.decode()


def test_the_copy_of_the_history_list_differs_from_django_simple_history_only_in_style():
    import simple_history

    name = "simple_history/object_history_list.html"
    upstream = (Path(simple_history.__file__).parent / "templates" / name).read_text()
    ours = (TEMPLATES / name).read_text()
    ours = ours.split("{% endcomment %}", 1)[1]  # after the comment saying why it is here
    assert ours == upstream.replace(
        '<p class="paginator" style="border-top: 0">', '<p class="paginator">'
    )


# --- Nothing inline in the templates ------------------------------------------------

TAG = re.compile(r"<([a-zA-Z][\w:-]*)((?:[^>{]|\{[^}]*\}?)*)>")
INLINE_ATTRIBUTE = re.compile(r"(?:^|\s)(style|on[a-z]+)\s*=", re.IGNORECASE)


def inline_code(html: str) -> list[tuple[int, str]]:
    """Each inline script, style element, style attribute, on… handler and javascript:
    address in the markup, with its line."""
    found = []
    for match in TAG.finditer(html):
        name, attributes = match.group(1).lower(), match.group(2)
        line = html.count("\n", 0, match.start()) + 1
        if name == "script" and not re.search(r"\ssrc\s*=", attributes):
            found.append((line, "<script> without src"))
        if name == "style":
            found.append((line, "<style>"))
        for attribute in INLINE_ATTRIBUTE.findall(attributes):
            found.append((line, f"{attribute.lower()}="))
        if re.search(r"=\s*[\"']?\s*javascript:", attributes, re.IGNORECASE):
            found.append((line, "javascript: address"))
    return found


def test_the_check_finds_each_kind_of_inline_code():
    sample = """<p style="color: red">a</p>
<button type="button" onclick="go()">b</button>
<script>alert(1)</script>
<style>p { color: red }</style>
<a href="javascript:go()">c</a>
<script src="/static/js/site.js" defer></script>
<div class="x" data-onclick="no" title="on=">{% if a %}style{% endif %}</div>"""
    assert inline_code(sample) == [
        (1, "style="),
        (2, "onclick="),
        (3, "<script> without src"),
        (4, "<style>"),
        (5, "javascript: address"),
    ]


def test_no_template_has_inline_script_or_style():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        allowed = PDF_ONLY.get(name, set())
        for line, what in inline_code(path.read_text(encoding="utf-8")):
            if what not in allowed:
                found.append(f"templates/{name}:{line}: {what}")
    assert not found, "Move these into static/css or static/js:\n" + "\n".join(found)


def test_the_pdf_only_template_is_only_rendered_to_pdf():
    root = TEMPLATES.parent
    sources = [
        path.read_text(encoding="utf-8")
        for path in root.glob("[a-z]*/**/*.py")
        if not {".venv", "tests", "staticfiles"} & set(path.relative_to(root).parts)
    ]
    for name in PDF_ONLY:
        quoted = re.compile(r"[\"']" + re.escape(name) + r"[\"']")
        # The function each use hands the name to, as its first or second argument.
        call = re.compile(r"(\w+)\(\s*(?:\w+\s*,\s*)?" + quoted.pattern)
        uses = sum(len(quoted.findall(text)) for text in sources)
        callers = [caller for text in sources for caller in call.findall(text)]
        assert uses and len(callers) == uses, name
        assert set(callers) == {"render_pdf"}, name
        # Nor is it part of a page: no template extends or includes it.
        for path in TEMPLATES.rglob("*.html"):
            assert name not in path.read_text(encoding="utf-8"), path


# --- Reports of what a browser refused ----------------------------------------------

REPORT = {
    "csp-report": {
        "document-uri": "http://testserver/forum/",
        "violated-directive": "style-src-attr",
        "effective-directive": "style-src-attr",
        "original-policy": "default-src 'self'",
        "blocked-uri": "inline",
        "line-number": 12,
        "source-file": "http://testserver/forum/",
    }
}


@pytest.fixture
def browser_client() -> Client:
    # A browser sends its report with neither the CSRF cookie nor a token.
    return Client(enforce_csrf_checks=True)


def test_a_report_is_logged_without_a_csrf_token(browser_client, caplog):
    with caplog.at_level(logging.WARNING, logger="council.csp"):
        response = browser_client.post(
            reverse("csp_report"), json.dumps(REPORT), content_type="application/csp-report"
        )
    assert response.status_code == 204
    (record,) = [r for r in caplog.records if r.name == "council.csp"]
    message = record.getMessage()
    assert "style-src-attr" in message and "http://testserver/forum/" in message
    assert "'inline'" in message and "line-number='12'" in message


def test_a_forged_report_cannot_write_lines_of_its_own_into_the_log(browser_client, caplog):
    forged = {"csp-report": {"document-uri": "x\nCRITICAL forged line", "blocked-uri": "y" * 5000}}
    with caplog.at_level(logging.WARNING, logger="council.csp"):
        response = browser_client.post(
            reverse("csp_report"), json.dumps(forged), content_type="application/csp-report"
        )
    assert response.status_code == 204
    message = caplog.records[-1].getMessage()
    assert "\n" not in message and len(message) < 1000


@pytest.mark.parametrize(
    "body, status",
    [("not json", 400), ("[1, 2]", 400), ('{"other": 1}', 400), ("{}" + " " * 20_000, 413)],
)
def test_what_is_no_report_is_refused_and_not_logged(browser_client, caplog, body, status):
    with caplog.at_level(logging.WARNING, logger="council.csp"):
        response = browser_client.post(
            reverse("csp_report"), body, content_type="application/csp-report"
        )
    assert response.status_code == status
    assert not [r for r in caplog.records if r.name == "council.csp"]


def test_the_report_address_takes_only_posts(client):
    assert client.get(reverse("csp_report")).status_code == 405
