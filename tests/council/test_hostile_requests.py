"""Requests the register cannot trust, and a database that goes away mid-save, answered
in Swedish with nothing stored and nothing lost."""

import datetime

import psycopg
import pytest
from django.db import OperationalError, connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Decision, Meeting
from tests.factories import item_form_data, make_meeting

D = datetime.date


@pytest.mark.parametrize(
    "path", ["/forum/%00/", "/dagordning/%00/", "/moten/%00/", "/arenden/1%00/", "/%00"]
)
def test_a_nul_byte_in_the_path_is_a_swedish_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["forum=%00", "principal=a%00b", "status=%00", "q=%00tillnyktring", "%00=1", "page=1%00"],
)
def test_a_nul_byte_in_the_query_is_a_swedish_400(client, db, query):
    for path in (reverse("assignment_list"), reverse("decision_list")):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400
        page = response.content.decode()
        assert "Begäran kunde inte läsas" in page and '<html lang="sv">' in page


def test_a_nul_byte_in_a_posted_field_is_refused_before_the_database_sees_it(client, db):
    response = client.post(reverse("login"), {"username": "ada\x00", "password": "x"})
    assert response.status_code == 400
    assert "Begäran kunde inte läsas" in response.content.decode()


def test_a_forged_form_gets_a_swedish_page_not_djangos(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "ada", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formuläret har gått ut" in page and '<html lang="sv">' in page
    assert "CSRF verification failed" not in page


def test_a_request_for_an_unknown_host_is_a_swedish_400(client, db):
    response = client.get("/", HTTP_HOST="angripare.example")
    assert response.status_code == 400
    assert "Begäran kunde inte läsas" in response.content.decode()


def test_an_error_page_in_swedish_that_needs_no_database(client, vfr, monkeypatch):
    meeting = make_meeting(vfr, D(2020, 1, 1), status=Meeting.Status.PUBLISHED)

    def broken(*args, **kwargs):
        raise RuntimeError("a fault in the code")

    monkeypatch.setattr("register.selectors.corrections", broken)
    client.raise_request_exception = False
    response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Något gick fel" in page and '<html lang="sv">' in page
    with CaptureQueriesContext(connection) as queries:
        render_to_string("500.html")
        render_to_string("400.html")
        render_to_string("403_csrf.html")
        render_to_string("503_database.html", {"fields": None, "action": "/"})
    assert len(queries) == 0


# --- a database connection lost in the middle of a save --------------------------------


def item_post(meeting: Meeting) -> dict:
    return item_form_data(
        meeting,
        number="3",
        title="Ärende som sparas när databasen är tillbaka",
        discussion="Texten som skrevs får inte gå förlorad.",
        **{
            "decisions-TOTAL_FORMS": "1",
            "decisions-0-text": "att godkänna planen.",
            "decisions-0-kind": "approved",
        },
    )


def lose_the_connection() -> None:
    """On PostgreSQL the server ends this session's backend, as a restart or a failover
    would; SQLite has no server to lose, and its passing fault is a locked file."""
    if connection.vendor == "postgresql":
        pid = connection.connection.info.backend_pid
        settings = connection.settings_dict
        with psycopg.connect(
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            dbname=settings["NAME"],
            autocommit=True,
        ) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
    else:
        raise OperationalError("database is locked")


@pytest.mark.django_db(transaction=True)
def test_a_save_cut_off_by_a_lost_connection_stores_nothing_keeps_the_text_and_retries(
    client, vfr, vfr_secretary, monkeypatch
):
    meeting = make_meeting(vfr, D(2026, 11, 20), status=Meeting.Status.MINUTES_DRAFT)
    client.force_login(vfr_secretary)
    before = (AgendaItem.objects.count(), Decision.objects.count(), meeting.version)
    real = services._save_decisions
    calls = []

    def cut_off(item, decisions):
        calls.append(item.pk)
        if len(calls) == 1:  # the item row is written; the connection goes before the rest
            lose_the_connection()
        return real(item, decisions)

    monkeypatch.setattr(services, "_save_decisions", cut_off)
    data = item_post(meeting)
    url = reverse("meeting_item_create", args=[meeting.pk])
    response = client.post(url, data)

    assert response.status_code == 503
    page = response.content.decode()
    assert "Försök igen om en stund" in page and '<html lang="sv">' in page
    # What was typed comes back as the form to send again, and nothing was half-written.
    assert 'value="Texten som skrevs får inte gå förlorad."' in page
    assert f'action="{url}"' in page
    meeting.refresh_from_db()
    assert (AgendaItem.objects.count(), Decision.objects.count(), meeting.version) == before

    # Sending again opens a new connection and saves once.
    response = client.post(url, data)
    assert response.status_code == 302
    assert AgendaItem.objects.filter(title=data["title"]).count() == 1
    assert Decision.objects.filter(text="att godkänna planen.").count() == 1


def test_an_error_another_try_would_repeat_is_not_called_passing(client, vfr, monkeypatch):
    """A value beyond a limit of the database is a fault to fix, not to retry."""
    meeting = make_meeting(vfr, D(2020, 1, 1), status=Meeting.Status.PUBLISHED)

    def beyond(*args, **kwargs):
        raise OperationalError("index row requires 1048576 bytes, maximum size is 8191")

    monkeypatch.setattr("register.selectors.corrections", beyond)
    client.raise_request_exception = False
    response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()
