"""Nothing an import reads becomes a Person unless it reads as a person's name."""

import json

import pytest
from django.urls import reverse

from council.models import Person, Principal
from imports.forums import forum_resolver, principal_names
from imports.models import ImportDocument
from imports.names import looks_like_name
from imports.parser import parse_minutes
from imports.services import create_draft_meeting, review_warnings
from meetings.models import AgendaItemPresenter, Attendance, Meeting
from tests.imports.conftest import review_data, upload_files
from tests.imports.test_corpus import DOCUMENTS

# The corpus tests share one extraction of each document (the corpus_text fixture):
# run on one test process, the PDFs are read once.
pytestmark = pytest.mark.xdist_group("corpus")

MINUTES = """Länschefsnätverket
Datum: 24 september 2021
Tid: 9–12
Plats: Teams
Närvarande (* = frånvarande):
Avesta: Anna Andersson (ordf), Bo Berg
Borlänge: Cecilia Carlsson*
Region Dalarna
x = närvarande
Fredrik Fors Gustav Grön Helena Hed Ivar Isaksson
1. Mötets öppnande
2. Rapport om psykisk hälsa
Föredragande: Arbetsgruppen psykisk hälsa, Dan Dahl, utvecklingsledare RSS
Länschefsnätverket beslutade:
att lägga rapporten till handlingarna.
3. Övriga frågor
"""


def _read(text: str):
    return parse_minutes(text, resolve_forum=forum_resolver(), principals=principal_names())


def test_an_import_creates_people_only_for_names(reference, administrator):
    parsed = _read(MINUTES)
    before = set(Person.objects.values_list("name", flat=True))

    meeting = create_draft_meeting(parsed=parsed, user=administrator, checksum="a" * 64)

    created = set(Person.objects.values_list("name", flat=True)) - before
    assert created == {"Anna Andersson", "Bo Berg", "Cecilia Carlsson", "Dan Dahl"}
    attendance = {
        a.person.name: (a.principal.short_name if a.principal else "", a.role, a.present)
        for a in Attendance.objects.filter(meeting=meeting).select_related("person", "principal")
    }
    assert attendance == {
        "Anna Andersson": ("Avesta", "chair", True),
        "Bo Berg": ("Avesta", "member", True),
        "Cecilia Carlsson": ("Borlänge", "member", False),
    }
    presenters = AgendaItemPresenter.objects.filter(item__meeting=meeting)
    assert [p.name for p in presenters] == ["Dan Dahl"]


def test_the_review_is_told_what_was_not_taken_for_a_person(reference):
    warnings = {(w.code, w.detail) for w in review_warnings(_read(MINUTES))}

    assert ("not_a_person", "Arbetsgruppen psykisk hälsa") in warnings
    assert any(code == "doubtful_names" and "Fredrik Fors" in detail for code, detail in warnings)


def test_the_review_form_refuses_attendance_lines_that_are_no_names(
    client, vfr_secretary, immediate_tasks
):
    client.force_login(vfr_secretary)
    text = MINUTES.replace("Länschefsnätverket", "Välfärdsrådet")
    upload_files(immediate_tasks, client, [("vfr.txt", text.encode("utf-8"))])
    url = reverse("import_document", args=[ImportDocument.objects.get().pk])
    page = client.get(url)
    assert "Fredrik Fors Gustav Grön Helena Hed Ivar Isaksson" in page.content.decode()
    data = review_data(page)
    data["meeting-attendance"] += "\nx = närvarande, Region Dalarna\nAvesta kommun"
    people = Person.objects.count()

    response = client.post(url, data)

    assert response.status_code == 200
    assert "ser inte ut som ett namn" in response.content.decode()
    assert not Meeting.objects.exists()
    assert Person.objects.count() == people


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_no_document_of_the_corpus_creates_a_junk_person(
    reference, administrator, corpus_text, path
):
    text = corpus_text(path)
    before = set(Person.objects.values_list("name", flat=True))
    principals = {p.casefold() for p in principal_names()}

    create_draft_meeting(parsed=_read(text), user=administrator, checksum=path.name.ljust(64))

    created = set(Person.objects.values_list("name", flat=True)) - before
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    named = {name for item in truth["items"] for name in item["presenters"]}
    assert created, path.name
    for name in created:
        assert looks_like_name(name) or name in named, name
        assert name.casefold() not in principals
        assert not any(ch in name for ch in "=*|:()0123456789")
    assert not Principal.objects.filter(name__in=created).exists()
