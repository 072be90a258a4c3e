"""Seed minutes as the files a secretary uploads: Word documents and PDFs made here."""

import html

import pytest
from weasyprint import HTML

from tests.conftest import FIXTURES


def seed_text(name: str) -> str:
    return (FIXTURES / "seeds" / f"{name}.txt").read_text(encoding="utf-8")


def as_pdf(text: str) -> bytes:
    page = (
        '<html lang="sv"><body><div style="white-space: pre-wrap; font: 10pt sans-serif">'
        f"{html.escape(text)}</div></body></html>"
    )
    return HTML(string=page).write_pdf()


@pytest.fixture(scope="session")
def corpus_text():
    """The text of a corpus document as the import extracts it, extracted once per test
    process: the corpus tests and the people tests read the same 68 files, the PDFs each
    through a child process."""
    from imports.extract import extract_text

    found: dict[str, str] = {}

    def text_of(path) -> str:
        if path.name not in found:
            found[path.name] = extract_text(data=path.read_bytes(), filename=path.name)
        return found[path.name]

    return text_of


@pytest.fixture(scope="session")
def seed_pdfs() -> dict[str, bytes]:
    """Rendering takes a moment; each seed is rendered once per test run."""
    return {}


@pytest.fixture
def seed_pdf(seed_pdfs):
    def render(name: str) -> bytes:
        if name not in seed_pdfs:
            seed_pdfs[name] = as_pdf(seed_text(name))
        return seed_pdfs[name]

    return render


# --- the upload and the review, as a browser would submit them -------------------------


@pytest.fixture
def immediate_tasks(settings, django_capture_on_commit_callbacks):
    """The worker's tasks run at once, inside the request that asks for them, and work
    asked for on commit is done when the test's request returns; the real worker is
    tried in tests of its own."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def upload_files(post, client, files: list[tuple[str, bytes]]):
    """Upload files (name, bytes) at /import/ as one batch; the response."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    return post(
        client,
        reverse("import_upload"),
        {"files": [SimpleUploadedFile(name, data) for name, data in files]},
    )


def review_data(response, button: str = "save") -> dict:
    """The review form as the browser would submit it, from the rendered page's forms."""
    import datetime

    context = response.context
    data: dict = {}
    for group in (context["item_forms"], context["decision_forms"]):
        management = group.management_form
        for name, field in management.fields.items():
            data[f"{group.prefix}-{name}"] = management.initial.get(name, field.initial)
    forms = [context["meeting_form"], *context["item_forms"].forms]
    forms += context["decision_forms"].forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, bool):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            if value is None:
                value = ""
            if isinstance(value, datetime.time):
                value = value.strftime("%H:%M")
            data[form.add_prefix(name)] = value
    data[button] = "1"
    return data
