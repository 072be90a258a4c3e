"""The register's own corpus of bad input: every form, upload and query string of the site
sent what a careless or hostile user would send, as each role that can reach it.

Each case asserts the exact status (a form back with its errors, 400, 404 or a redirect,
never 500), a Swedish message on the page, that what was typed is still in the form, and
that nothing was stored: the row count of every table of the project and the files under
MEDIA_ROOT are the same before and after. The few inputs that are fine to store (markup,
which the pages escape) are saved, and shown escaped.

Two things are written on purpose: a file that passed its checks is kept under
kept-uploads/ while the rest of the form is corrected, and an upload that cannot be read
as minutes is kept in its batch as refused, without its bytes, so that the batch says why.

The register the cases work on is built once for the module; each case runs in a
transaction of its own that is rolled back, so the cases cannot affect one another. Run
it on SQLite and on PostgreSQL (DATABASE_URL=postgres://…): they fail on different input.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

import lxml.html
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from agreements.models import Agreement, PrincipalDecision
from council.models import Forum, Membership, Person, Principal, Role
from council.reference import load_reference_data
from imports import batch as batches
from imports.models import ImportDocument
from meetings.models import Attachment, Case, Decision, Meeting
from tests.conftest import FIXTURES, PASSWORD, _user_with_role
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date

HUGE = "99999999999999999999"  # beyond a 64-bit integer
KB10 = ("Lång text om samverkan i länet. " * 330)[:10240]
# A megabyte of words that differ, as the search index would have to hold them all.
MB1 = " ".join(f"ord{n}" for n in range(200_000))[: 1024 * 1024]
VT = "Mötets\x0böppnande"  # a vertical tab, as copied from some word processors
ESC = "Röd\x1b[31m text"  # an escape sequence, as copied from a terminal
SQL = "'; DROP TABLE meetings_meeting; --"
HTML = '<script>alert("x")</script>'
KEPT = "Text som ska finnas kvar"
# A reason or note longer than the 100 characters the history keeps of it.
LONG_REASON = "Rättat eftersom " + "ordet var felstavat och " * 12
# A well-formed address longer than the 254 characters the database column holds.
LONG_EMAIL = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".se"


# --- the register the cases work on --------------------------------------------------


@dataclass
class World:
    users: dict
    vfr: Forum
    schnv: Forum
    draft: Meeting  # VFR, being written
    item: object  # its item 2, with a clause and attachment 1
    other_draft: Meeting  # SCHNV's draft, not the VFR secretary's
    other_item: object
    other_decision: Decision  # a referral to VFR in SCHNV's unpublished minutes
    published: Meeting
    recommendation: Decision
    in_review: Meeting
    planned: Meeting  # on the date the agenda cases accept, so they add to it
    case: Case
    agreement: Agreement
    person: Person  # a member of VFR
    document: ImportDocument  # minutes read from a file, to review
    forms: dict = field(default_factory=dict)  # the forms as first shown, by page


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def build_world() -> World:
    load_reference_data()
    vfr, lchnv, schnv = (Forum.objects.get(code=c) for c in ("VFR", "LCHNV", "SCHNV"))
    falun = Principal.objects.get(short_name="Falun")
    from django.contrib.auth import get_user_model

    users = {
        "anonymous": None,
        "member": _user_with_role("maja", lchnv, Role.MEMBER, falun),
        "vfr_secretary": _user_with_role("vera", vfr, Role.SECRETARY),
        "schnv_secretary": _user_with_role("sixten", schnv, Role.SECRETARY),
        "administrator": get_user_model().objects.create_superuser(
            "ada", "ada@example.se", PASSWORD
        ),
    }
    person = Person.objects.create(name="Petra Persson", principal=falun, email="p@example.se")
    Membership.objects.create(forum=vfr, person=person, role=Role.MEMBER, principal=falun)

    draft = make_meeting(vfr, D(2026, 3, 12), status=Meeting.Status.MINUTES_DRAFT)
    make_item(draft, "1", "Mötets öppnande", kind="procedural")
    item = make_item(draft, "2", "Överenskommelse om samverkan", kind="decision")
    make_decision(item, "att godkänna överenskommelsen.")
    Attachment.objects.create(
        meeting=draft, item=item, number="1", title="Överenskommelsen", file="attachments/x.pdf"
    )

    other_draft = make_meeting(schnv, D(2026, 2, 20), status=Meeting.Status.MINUTES_DRAFT)
    other_item = make_item(other_draft, "1", "Ärende i ett annat nätverk")
    other_decision = make_decision(
        other_item,
        "att skicka ärendet vidare till Välfärdsrådet.",
        kind=Decision.Kind.REFERRED,
        referred_to=vfr,
    )

    published = make_meeting(vfr, D(2021, 6, 10), status=Meeting.Status.PUBLISHED)
    case = Case.objects.create(title="Samverkan kring barn och unga")
    rec_item = make_item(published, "1", "Rekommendation om samverkan", case=case)
    recommendation = make_decision(
        rec_item,
        "att rekommendera kommunerna och regionen att anta överenskommelsen.",
        kind=Decision.Kind.RECOMMENDED,
    )
    for principal in Principal.objects.filter(short_name__in=["Falun", "Borlänge"]):
        PrincipalDecision.objects.create(recommendation=recommendation, principal=principal)
    agreement = Agreement.objects.create(title="Överenskommelse om samverkan", short_name="SAM")
    agreement.cases.add(case)

    in_review = make_meeting(
        vfr,
        D(2026, 1, 15),
        status=Meeting.Status.IN_REVIEW,
        review_requested_at=datetime.datetime(2026, 1, 16, 9, tzinfo=datetime.UTC),
    )
    maja = Person.objects.get(user=users["member"])
    julia = Person.objects.create(name="Julia Justerare")
    for position, someone in enumerate([maja, julia]):
        in_review.attendances.create(person=someone, present=True, position=position)
    in_review.justerare.set([maja, julia])

    planned = make_meeting(vfr, D(2026, 12, 10), status=Meeting.Status.PLANNED, place="Falun")

    text = (FIXTURES / "seeds" / "vfr-2020-03-11.txt").read_bytes()
    batch = batches.create_batch(
        user=users["vfr_secretary"], files=[("vfr-2020-03-11.txt", text)], enqueue=False
    )
    document = batch.documents.get()
    batches.read_document(document.pk)
    document.refresh_from_db()
    assert document.status == ImportDocument.Status.PARSED, document.message

    return World(
        users=users,
        vfr=vfr,
        schnv=schnv,
        draft=draft,
        item=item,
        other_draft=other_draft,
        other_item=other_item,
        other_decision=other_decision,
        published=published,
        recommendation=recommendation,
        in_review=in_review,
        planned=planned,
        case=case,
        agreement=agreement,
        person=person,
        document=document,
    )


# --- what a case is --------------------------------------------------------------------


def _value(thing, w: World, *more):
    return thing(w, *more) if callable(thing) else thing


@dataclass(frozen=True)
class Bad:
    id: str
    role: str
    path: str | Callable
    status: int
    says: tuple[str, ...] = ()  # Swedish phrases the page shows
    method: str = "get"
    # Posted as changes to the page's own form as the browser shows it (from_form), or
    # as the whole of what is posted.
    data: dict | Callable = field(default_factory=dict)
    from_form: bool = False
    files: dict | Callable = field(default_factory=dict)
    kept: tuple | Callable = ()  # typed text the page shows again
    redirect: str | Callable | None = None  # where a redirect goes (its start)
    stores: bool = False  # the input is fine to store
    may_change: frozenset = frozenset()  # tables whose rows may come and go (log-ins)
    then: Callable | None = None  # more to check, given (world, client, response)


def page_form(response) -> dict:
    """What a browser would send from the page's main form, before the user changes it."""
    doc = lxml.html.fromstring(response.content.decode())
    form = next(f for f in doc.forms if f.method.upper() == "POST" and not f.get("action"))
    values: dict = {}
    for el in form.inputs:
        name, kind = el.get("name"), (el.get("type") or "").lower()
        if not name or kind in {"submit", "button", "file"}:
            continue
        if kind in {"checkbox", "radio"}:
            if el.checked:
                values.setdefault(name, []).append(el.get("value") or "on")
        elif el.tag == "select":
            chosen = list(el.value) if el.multiple else [el.value or ""]
            values.setdefault(name, []).extend(chosen)
        elif el.tag == "textarea":
            values.setdefault(name, []).append((el.value or "").removeprefix("\n"))
        else:
            values.setdefault(name, []).append(el.value or "")
    return {name: v[0] if len(v) == 1 else v for name, v in values.items()}


TRACKED_APPS = {
    "auth",
    "axes",
    "council",
    "meetings",
    "agreements",
    "agendas",
    "imports",
    "people",
    "django_tasks_database",
}


def row_counts() -> dict[str, int]:
    """The number of rows in every table of the project, from one query."""
    tables = sorted(
        {
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.app_label in TRACKED_APPS and m._meta.managed and not m._meta.proxy
        }
    )
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {quote(t)}" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def prepare(case: Bad, w: World, client) -> Callable:
    """Log in and read the form as first shown; the request of the case, to send."""
    user = w.users[case.role]
    if user is not None:
        client.force_login(user)
    path = _value(case.path, w)
    if not case.from_form:
        data = _value(case.data, w)
    else:
        key = (case.role, path)
        if key not in w.forms:
            shown = client.get(path)
            assert shown.status_code == 200, shown.status_code
            w.forms[key] = page_form(shown)
        data = {**w.forms[key], **_value(case.data, w, w.forms[key])}
    files = {
        name: SimpleUploadedFile(filename, content)
        for name, (filename, content) in _value(case.files, w).items()
    }
    if case.method == "get":
        return lambda: client.get(path, data)
    return lambda: client.post(path, {**data, **files})


# --- the corpus ------------------------------------------------------------------------

CASES: list[Bad] = []


def add(*cases: Bad) -> None:
    CASES.extend(cases)


NOT_FOUND = ("Sidan hittades inte",)
BAD_CHOICE = "Välj ett giltigt alternativ"
BAD_DATE = "Fyll i ett giltigt datum"
BAD_TIME = "Fyll i en giltig tid"
BAD_NUMBER = "Fyll i ett heltal"
BAD_EMAIL = "Fyll i en giltig e-postadress"
CONTROL = "osynligt styrtecken"
FAR_DATE = "mellan åren 1900 och 2999"
CONFLICT = "Någon annan har sparat mötet"
NOT_SAVED_MEETING = "Mötet sparades inte"
NOT_SAVED_ITEM = "Punkten sparades inte"
ONE_LINE = "på en rad"


def at_most(limit: int) -> str:
    return f"som mest {limit} tecken"


# The lists and their query strings, for anyone.
for query, says in [
    ({"year": "abc"}, (BAD_CHOICE,)),
    ({"year": HUGE}, (BAD_CHOICE,)),
    ({"date_from": "2020-13-45"}, (BAD_DATE,)),
    ({"date_to": "99999-01-01"}, (BAD_DATE,)),
    ({"kind": "bogus"}, (BAD_CHOICE,)),
    ({"forum": "NOPE"}, (BAD_CHOICE,)),
    ({"agreement": "abc"}, (BAD_CHOICE,)),
    ({"agreement": HUGE}, (BAD_CHOICE,)),
    ({"case": "-1"}, (BAD_CHOICE,)),
    ({"case": HUGE}, (BAD_CHOICE,)),
    ({"principal": "nope"}, (BAD_CHOICE,)),
    ({"adoption": "bogus"}, (BAD_CHOICE,)),
    ({"page": "abc"}, ("Beslut",)),
    ({"page": "-1"}, ("Beslut",)),
    ({"page": HUGE}, ("Beslut",)),
    ({"q": KB10}, ("Beslut",)),
    ({"q": SQL}, ("0 beslut",)),
    ({"q": HTML}, ("0 beslut",)),
    ({"q": VT}, ("0 beslut",)),
]:
    name = "-".join(f"{k}={v[:12]!r}" for k, v in query.items())
    add(
        Bad(
            f"decisions-{name}",
            "anonymous",
            "/beslut/",
            200,
            says=("Vissa filter kunde inte användas", *says)
            if says[0] in (BAD_CHOICE, BAD_DATE)
            else says,
            data=query,
            kept=tuple(v for k, v in query.items() if k == "q"),
        )
    )

add(
    Bad(
        "decisions-of-a-case-kind-unknown",
        "anonymous",
        "/beslut/",
        200,
        ("Vissa filter kunde inte användas", BAD_CHOICE, "Samverkan kring barn och unga"),
        data=lambda w: {"case": str(w.case.pk), "kind": "bogus"},
    ),
    Bad(
        "decisions-of-an-agreement-date-99999",
        "member",
        "/beslut/",
        200,
        ("Vissa filter kunde inte användas", BAD_DATE),
        data=lambda w: {"agreement": str(w.agreement.pk), "date_to": "99999-01-01"},
    ),
)

for query in [{"year": "abc"}, {"date_from": "2020-13-45"}, {"agreement": HUGE}, {"q": KB10}]:
    add(
        Bad(
            f"decisions-csv-{'-'.join(query)}",
            "member",
            "/beslut/csv/",
            200,
            says=("Datum;Forum;Punkt",),
            data=query,
        )
    )

add(
    Bad("assignments-status", "anonymous", "/uppdrag/", 404, NOT_FOUND, data={"status": "x"}),
    Bad("assignments-principal", "anonymous", "/uppdrag/", 404, NOT_FOUND, data={"principal": "x"}),
    Bad("assignments-forum", "member", "/uppdrag/", 404, NOT_FOUND, data={"forum": "NOPE"}),
    Bad("assignments-forum-10kb", "member", "/uppdrag/", 404, NOT_FOUND, data={"forum": KB10}),
    Bad(
        "assignments-principal-html",
        "member",
        "/uppdrag/",
        404,
        NOT_FOUND,
        data={"principal": HTML},
    ),
    Bad(
        "assignments-page-letters", "anonymous", "/uppdrag/", 200, ("Uppdrag",), data={"page": "x"}
    ),
    Bad("assignments-page-huge", "anonymous", "/uppdrag/", 200, ("Uppdrag",), data={"page": HUGE}),
    Bad(
        "agreements-status", "anonymous", "/overenskommelser/", 404, NOT_FOUND, data={"status": "x"}
    ),
    Bad(
        "agreements-page-neg",
        "anonymous",
        "/overenskommelser/",
        200,
        ("Överenskommelser",),
        data={"page": "-1"},
    ),
    Bad(
        "agreements-page-huge",
        "member",
        "/overenskommelser/",
        200,
        ("Överenskommelser",),
        data={"page": HUGE},
    ),
)

# Addresses with ids and codes no row has.
for path in [
    f"/moten/{HUGE}/",
    f"/moten/{HUGE}/utskrift/",
    f"/moten/{HUGE}/pdf/",
    f"/moten/{HUGE}/word/",
    "/moten/-1/",
    "/moten/abc/",
    f"/arenden/{HUGE}/",
    f"/overenskommelser/{HUGE}/",
    f"/bilagor/{HUGE}/",
    f"/beslut/{HUGE}/antaganden/",
    "/huvudman/finns-inte/",
    "/forum/NOPE/",
    f"/forum/{KB10[:2000]}/",
    "/forum/%27%3B%20DROP%20TABLE%20x%3B/",
    "/forum/VFR%0B/",
]:
    add(Bad(f"address-{path[:40]}", "anonymous", path, 404, NOT_FOUND))

add(
    Bad("draft-to-anonymous", "anonymous", lambda w: f"/moten/{w.draft.pk}/", 404, NOT_FOUND),
    Bad("draft-to-member", "member", lambda w: f"/moten/{w.draft.pk}/", 404, NOT_FOUND),
    Bad(
        "draft-attachment-to-member",
        "member",
        lambda w: f"/bilagor/{w.draft.attachments.get().pk}/",
        404,
        NOT_FOUND,
    ),
    Bad(
        "extract-of-another-meetings-item",
        "anonymous",
        lambda w: f"/moten/{w.published.pk}/utdrag/{w.item.pk}/pdf/",
        404,
        NOT_FOUND,
    ),
    Bad(
        "extract-huge-item",
        "anonymous",
        lambda w: f"/moten/{w.published.pk}/utdrag/{HUGE}/word/",
        404,
        NOT_FOUND,
    ),
    *(
        Bad(f"address-two-ids-{name}", role, path, 404, NOT_FOUND, method=method)
        for name, role, path, method in [
            ("item", "vfr_secretary", lambda w: f"/moten/{HUGE}/punkter/{w.item.pk}/", "get"),
            ("item-post", "vfr_secretary", lambda w: f"/moten/{HUGE}/punkter/{w.item.pk}/", "post"),
            (
                "extract",
                "anonymous",
                lambda w: f"/moten/{HUGE}/utdrag/{w.recommendation.item_id}/pdf/",
                "get",
            ),
            (
                "extract-word",
                "anonymous",
                lambda w: f"/moten/{HUGE}/utdrag/{w.recommendation.item_id}/word/",
                "get",
            ),
            ("adoption", "administrator", lambda w: f"/beslut/{HUGE}/antaganden/falun/", "get"),
            (
                "membership",
                "administrator",
                lambda w: f"/personer/{w.person.pk}/roller/{HUGE}/avsluta/",
                "post",
            ),
            ("thousands-of-digits", "anonymous", lambda w: f"/moten/{'9' * 5000}/", "get"),
        ]
    ),
    Bad(
        "adoption-unknown-principal",
        "administrator",
        lambda w: f"/beslut/{w.recommendation.pk}/antaganden/finns-inte/",
        404,
        NOT_FOUND,
    ),
    Bad(
        "adoption-of-a-non-recommendation",
        "administrator",
        lambda w: f"/beslut/{w.item.decisions.get().pk}/antaganden/",
        404,
        NOT_FOUND,
    ),
)

# --- logging in -------------------------------------------------------------------------

FAILED_LOGIN = frozenset({"axes_accessattempt"})
LOGGED_IN = frozenset({"axes_accessattempt", "axes_accesslog", "council_historicaluser"})
add(
    Bad(
        "login-10kb-name",
        "anonymous",
        "/logga-in/",
        200,
        (at_most(254),),
        method="post",
        data={"username": KB10, "password": "x"},
    ),
    Bad(
        "login-1mb-name",
        "anonymous",
        "/logga-in/",
        200,
        (at_most(254),),
        method="post",
        data={"username": MB1, "password": "x"},
    ),
    Bad(
        "login-sql-name",
        "anonymous",
        "/logga-in/",
        200,
        ("lösenordet är fel",),
        method="post",
        data={"username": SQL, "password": "x"},
        kept=(SQL,),
        may_change=FAILED_LOGIN,
    ),
    Bad(
        "login-control-name",
        "anonymous",
        "/logga-in/",
        200,
        ("lösenordet är fel",),
        method="post",
        data={"username": "a\x0bda", "password": PASSWORD},
        may_change=FAILED_LOGIN,
    ),
    Bad(
        "login-next-evil-shown",
        "anonymous",
        "/logga-in/",
        200,
        ("Logga in",),
        data={"next": "//evil.example"},
    ),
    *(
        Bad(
            f"login-next-{target}",
            "anonymous",
            "/logga-in/",
            302,
            method="post",
            data={"username": "ada", "password": PASSWORD, "next": target},
            redirect="/att-gora/",
            may_change=LOGGED_IN,
        )
        for target in [
            "//evil.example",
            "https://evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
        ]
    ),
    Bad(
        "password-reset-10kb-address",
        "anonymous",
        "/losenord/glomt/",
        200,
        (at_most(254),),
        method="post",
        data={"email": KB10 + "@example.se"},
    ),
    Bad(
        "password-reset-control-address",
        "anonymous",
        "/losenord/glomt/",
        200,
        ("Fyll i en giltig e-postadress",),
        method="post",
        data={"email": "ada\x0b@example.se"},
    ),
)

# --- the meeting's head, attendance and items (a secretary's editor) ---------------------


def meeting_edit(name, changes, says, *, kept=(), role="vfr_secretary", status=200, **more):
    return Bad(
        f"meeting-edit-{name}",
        role,
        lambda w: f"/moten/{w.draft.pk}/redigera/",
        status,
        says=(NOT_SAVED_MEETING, *says) if status == 200 and CONFLICT not in says else says,
        method="post",
        from_form=True,
        data=changes,
        kept=kept,
        **more,
    )


def first_item_row(base: dict) -> str:
    return next(k for k, v in base.items() if k.endswith("-title") and v == "Mötets öppnande")[
        : -len("title")
    ]


add(
    meeting_edit("date-13-45", {"date": "2020-13-45", "place": KEPT}, (BAD_DATE,), kept=(KEPT,)),
    meeting_edit("date-99999", {"date": "99999-01-01", "place": KEPT}, (BAD_DATE,), kept=(KEPT,)),
    meeting_edit(
        "date-year-9999", {"date": "9999-12-31", "place": KEPT}, (FAR_DATE,), kept=(KEPT,)
    ),
    meeting_edit(
        "minutes-date-year-1",
        {"minutes_date": "0001-01-01", "place": KEPT},
        (FAR_DATE,),
        kept=(KEPT,),
    ),
    meeting_edit("time-25-61", {"start_time": "25:61", "place": KEPT}, (BAD_TIME,), kept=(KEPT,)),
    meeting_edit(
        "end-before-start",
        {"start_time": "13:00", "end_time": "09:00", "place": KEPT},
        ("Mötets sluttid måste vara senare än starttiden",),
        kept=(KEPT,),
    ),
    meeting_edit("place-10kb", {"place": KB10}, (at_most(200),), kept=(KB10,)),
    meeting_edit("place-1mb", {"place": MB1}, (at_most(200),), kept=(MB1,)),
    meeting_edit("place-control", {"place": VT}, (CONTROL, "U+000B"), kept=(VT,)),
    meeting_edit("place-line-break", {"place": "Falun\nBorlänge"}, (ONE_LINE,)),
    meeting_edit("dnr-10kb", {"registration_number": KB10}, (at_most(50),), kept=(KB10,)),
    meeting_edit("note-control", {"attendance_note": ESC}, (CONTROL, "U+001B"), kept=(ESC,)),
    meeting_edit("note-1mb", {"attendance_note": MB1}, (at_most(100000),)),
    meeting_edit("version-stale", {"version": "0", "place": KEPT}, (CONFLICT,), kept=(KEPT,)),
    meeting_edit("version-letters", {"version": "abc", "place": KEPT}, (BAD_NUMBER,), kept=(KEPT,)),
    meeting_edit("version-huge", {"version": HUGE, "place": KEPT}, (CONFLICT,), kept=(KEPT,)),
    meeting_edit("chair-letters", {"chair": "abc", "place": KEPT}, (BAD_CHOICE,), kept=(KEPT,)),
    meeting_edit("chair-huge", {"chair": HUGE, "place": KEPT}, (BAD_CHOICE,), kept=(KEPT,)),
    meeting_edit("justerare-huge", {"justerare": HUGE, "place": KEPT}, (BAD_CHOICE,), kept=(KEPT,)),
    meeting_edit(
        "pasted-names-10kb",
        {"pasted_names": KB10.replace(".", "")},
        ("Skilj namnen åt",),
    ),
    meeting_edit(
        "item-title-control",
        lambda w, base: {f"{first_item_row(base)}title": VT},
        (CONTROL,),
        kept=(VT,),
    ),
    meeting_edit(
        "item-kind-unknown",
        lambda w, base: {f"{first_item_row(base)}kind": "bogus", "place": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    meeting_edit(
        "item-number-sql",
        lambda w, base: {f"{first_item_row(base)}number": "1;--", "place": KEPT},
        ("Ett punktnummer",),
        kept=(KEPT,),
    ),
    meeting_edit(
        "item-position-letters",
        lambda w, base: {f"{first_item_row(base)}position": "abc", "place": KEPT},
        (BAD_NUMBER,),
        kept=(KEPT,),
    ),
    meeting_edit(
        "item-position-negative",
        lambda w, base: {f"{first_item_row(base)}position": "-5", "place": KEPT},
        ("större än eller lika med 0",),
        kept=(KEPT,),
    ),
    meeting_edit(
        "item-id-huge",
        lambda w, base: {f"{first_item_row(base)}id": HUGE, "place": KEPT},
        ("finns inte längre",),
        kept=(KEPT,),
    ),
    meeting_edit(
        "item-id-of-another-forum",
        lambda w, base: {f"{first_item_row(base)}id": str(w.other_item.pk), "place": KEPT},
        ("finns inte längre",),
        kept=(KEPT,),
    ),
    meeting_edit(
        "items-total-forms-letters",
        {"items-TOTAL_FORMS": "abc", "place": KEPT},
        ("ManagementForm",),
        kept=(KEPT,),
    ),
    meeting_edit("guest-name-10kb", {"guest-0-name": KB10}, (at_most(150),), kept=(KB10,)),
    meeting_edit("guest-name-control", {"guest-0-name": VT}, (CONTROL,), kept=(VT,)),
    meeting_edit(
        "guest-title-line-break",
        {"guest-0-name": "Gun Gäst", "guest-0-title": "Chef\r\nIT"},
        (ONE_LINE,),
    ),
    meeting_edit(
        "guest-principal-huge",
        {"guest-0-name": "Gun Gäst", "guest-0-principal": HUGE},
        (BAD_CHOICE,),
        kept=("Gun Gäst",),
    ),
    meeting_edit(
        "guest-role-unknown",
        {"guest-0-name": "Gun Gäst", "guest-0-role": "king"},
        (BAD_CHOICE,),
        kept=("Gun Gäst",),
    ),
    meeting_edit(
        "attendance-role-unknown",
        lambda w, base: {f"att-{w.person.pk}-role": "king", "place": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    meeting_edit(
        "guest-count-huge",
        {"guest-count": HUGE, "place": KEPT, "date": "2020-13-45"},
        (BAD_DATE,),
        kept=(KEPT,),
    ),
    Bad(
        "meeting-edit-other-forum",
        "vfr_secretary",
        lambda w: f"/moten/{w.other_draft.pk}/redigera/",
        403,
        ("Du har inte behörighet till sidan",),
        method="post",
        data={"place": KEPT},
    ),
    Bad(
        "meeting-edit-by-member",
        "member",
        lambda w: f"/moten/{w.draft.pk}/redigera/",
        403,
        ("Du har inte behörighet till sidan",),
        method="post",
        data={"place": KEPT},
    ),
    Bad(
        "meeting-edit-anonymous",
        "anonymous",
        lambda w: f"/moten/{w.draft.pk}/redigera/",
        302,
        method="post",
        data={"place": KEPT},
        redirect="/logga-in/",
    ),
    meeting_edit(
        "place-markup-is-stored-and-shown-escaped",
        {"place": HTML},
        (),
        status=302,
        redirect=lambda w: f"/moten/{w.draft.pk}/redigera/",
        stores=True,
        then=lambda w, client, response: shows_escaped(client, f"/moten/{w.draft.pk}/", HTML),
    ),
)


def shows_escaped(client, path: str, markup: str) -> None:
    page = client.get(path).content.decode()
    assert escape(markup) in page
    assert markup not in page


# A new meeting: the form of /moten/nytt/.


def meeting_create(name, changes, says, *, kept=(), role="vfr_secretary"):
    def data(w):
        return {"forum": str(w.vfr.pk), "date": "2026-10-01", "place": KEPT, **changes}

    return Bad(
        f"meeting-create-{name}",
        role,
        "/moten/nytt/",
        200,
        ("Inget har sparats ännu", *says),
        method="post",
        data=lambda w: {k: _value(v, w) for k, v in data(w).items()},
        kept=kept,
    )


add(
    meeting_create("date-13-45", {"date": "2020-13-45"}, (BAD_DATE,), kept=(KEPT,)),
    meeting_create("date-year-9999", {"date": "9999-12-31"}, (FAR_DATE,), kept=(KEPT,)),
    meeting_create("time-25-61", {"start_time": "25:61"}, (BAD_TIME,), kept=(KEPT,)),
    meeting_create("place-control", {"place": VT}, (CONTROL,), kept=(VT,)),
    meeting_create("place-10kb", {"place": KB10}, (at_most(200),), kept=(KB10,)),
    meeting_create(
        "dnr-line-break", {"registration_number": "RSS\n2026/1"}, (ONE_LINE,), kept=(KEPT,)
    ),
    meeting_create(
        "forum-of-another-secretary",
        {"forum": lambda w: str(w.schnv.pk)},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    meeting_create("forum-huge", {"forum": HUGE}, (BAD_CHOICE,), kept=(KEPT,)),
    meeting_create("chair-letters", {"chair": "abc"}, (BAD_CHOICE,), kept=(KEPT,)),
)


# --- one item: its text, presenters, clauses and attachments ------------------------------


def item_edit(
    name, changes, says, *, kept=(), status=200, files=None, role="vfr_secretary", **more
):
    return Bad(
        f"item-edit-{name}",
        role,
        lambda w: f"/moten/{w.draft.pk}/punkter/{w.item.pk}/",
        status,
        says=(NOT_SAVED_ITEM, *says) if status == 200 and CONFLICT not in says else says,
        method="post",
        from_form=True,
        data=changes,
        files=files or {},
        kept=kept,
        **more,
    )


def pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


NEW_ATTACHMENT = {
    "attachments-TOTAL_FORMS": "1",
    "attachments-INITIAL_FORMS": "0",
    "attachments-0-number": "2",
    "attachments-0-title": "Handlingsplan",
    "discussion": KEPT,
}

add(
    item_edit("title-10kb", {"title": KB10}, (at_most(500),), kept=(KB10,)),
    item_edit("title-1mb", {"title": MB1}, (at_most(500),), kept=(MB1,)),
    item_edit("title-control", {"title": VT}, (CONTROL,), kept=(VT,)),
    item_edit(
        "title-line-break",
        {"title": "Rad ett\nrad två", "discussion": KEPT},
        (ONE_LINE,),
        kept=(KEPT,),
    ),
    item_edit("discussion-control", {"discussion": ESC}, (CONTROL,), kept=(ESC,)),
    item_edit("discussion-1mb", {"discussion": MB1}, (at_most(100000),)),
    item_edit("refs-10kb", {"attachment_refs": KB10}, (at_most(200),), kept=(KB10,)),
    item_edit("kind-unknown", {"kind": "bogus", "discussion": KEPT}, (BAD_CHOICE,), kept=(KEPT,)),
    item_edit(
        "outcome-unknown", {"outcome": "bogus", "discussion": KEPT}, (BAD_CHOICE,), kept=(KEPT,)
    ),
    item_edit(
        "number-sql", {"number": SQL[:5], "discussion": KEPT}, ("Ett punktnummer",), kept=(KEPT,)
    ),
    item_edit("number-10kb", {"number": KB10, "discussion": KEPT}, (at_most(5),), kept=(KEPT,)),
    item_edit("version-stale", {"version": "0", "discussion": KEPT}, (CONFLICT,), kept=(KEPT,)),
    item_edit("version-letters", {"version": "x", "discussion": KEPT}, (BAD_NUMBER,), kept=(KEPT,)),
    item_edit("version-huge", {"version": HUGE, "discussion": KEPT}, (CONFLICT,), kept=(KEPT,)),
    item_edit(
        "case-letters", {"case_choice": "abc", "discussion": KEPT}, (BAD_CHOICE,), kept=(KEPT,)
    ),
    item_edit("case-huge", {"case_choice": HUGE, "discussion": KEPT}, (BAD_CHOICE,), kept=(KEPT,)),
    item_edit(
        "case-negative", {"case_choice": "-1", "discussion": KEPT}, (BAD_CHOICE,), kept=(KEPT,)
    ),
    item_edit("new-case-10kb", {"new_case_title": KB10}, (at_most(300),), kept=(KB10,)),
    item_edit("new-case-control", {"new_case_title": VT}, (CONTROL,), kept=(VT,)),
    item_edit(
        "presenter-name-10kb",
        {"presenters-0-name": KB10},
        (at_most(150),),
        kept=(KB10,),
    ),
    item_edit(
        "presenter-title-control",
        {"presenters-0-name": "Per Presentatör", "presenters-0-title": ESC},
        (CONTROL,),
        kept=(ESC,),
    ),
    item_edit(
        "presenter-group-huge",
        {"presenters-0-forum": HUGE, "discussion": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    item_edit(
        "clause-control",
        {"decisions-0-text": "att\x0bgodkänna."},
        (CONTROL,),
        kept=("att\x0bgodkänna.",),
    ),
    item_edit("clause-1mb", {"decisions-0-text": MB1}, (at_most(100000),)),
    item_edit(
        "clause-kind-unknown",
        {"decisions-0-kind": "bogus", "discussion": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    item_edit(
        "clause-referred-letters",
        {"decisions-0-referred_to": "abc", "discussion": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    item_edit(
        "clause-answers-huge",
        {"decisions-0-answers": HUGE, "discussion": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    item_edit(
        "clause-answers-a-draft-of-another-forum",
        lambda w, base: {"decisions-0-answers": str(w.other_decision.pk), "discussion": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    item_edit(
        "clause-due-13-45",
        {
            "decisions-0-kind": "assigned",
            "decisions-0-assignee_text": "Styrgruppen",
            "decisions-0-due_date": "2020-13-45",
            "discussion": KEPT,
        },
        (BAD_DATE,),
        kept=(KEPT,),
    ),
    item_edit(
        "clause-due-99999",
        {
            "decisions-0-kind": "assigned",
            "decisions-0-assignee_text": "Styrgruppen",
            "decisions-0-due_date": "99999-01-01",
            "discussion": KEPT,
        },
        (BAD_DATE,),
        kept=(KEPT,),
    ),
    item_edit(
        "assignee-10kb",
        {"decisions-0-kind": "assigned", "decisions-0-assignee_text": KB10},
        (at_most(200),),
        kept=(KB10,),
    ),
    item_edit(
        "assignee-control",
        {"decisions-0-kind": "assigned", "decisions-0-assignee_text": VT},
        (CONTROL,),
        kept=(VT,),
    ),
    item_edit(
        "assignment-description-control",
        {
            "decisions-0-kind": "assigned",
            "decisions-0-assignee_text": "Styrgruppen",
            "decisions-0-assignment_description": ESC,
        },
        (CONTROL,),
        kept=(ESC,),
    ),
    item_edit(
        "clause-order-letters",
        {"decisions-0-ORDER": "abc", "discussion": KEPT},
        (BAD_NUMBER,),
        kept=(KEPT,),
    ),
    item_edit(
        "clause-id-of-another-item",
        lambda w, base: {"decisions-0-id": str(w.other_decision.pk), "discussion": KEPT},
        ("finns inte längre",),
        kept=(KEPT,),
    ),
    item_edit(
        "clause-quick-pick-unknown",
        {"decisions-0-quick_pick": "att sälja allt.", "discussion": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    item_edit(
        "decisions-total-forms-letters",
        {"decisions-TOTAL_FORMS": "abc", "discussion": KEPT},
        ("ManagementForm",),
        kept=(KEPT,),
    ),
    item_edit(
        "attachment-number-taken",
        {**NEW_ATTACHMENT, "attachments-0-number": "1"},
        ("redan en bilaga med det här numret",),
        kept=(KEPT, "Handlingsplan"),
        files={"attachments-0-file": ("plan.pdf", pdf())},
    ),
    item_edit(
        "attachment-empty-file",
        NEW_ATTACHMENT,
        ("Den skickade filen är tom",),
        kept=(KEPT, "Handlingsplan"),
        files={"attachments-0-file": ("plan.pdf", b"")},
    ),
    item_edit(
        "attachment-wrong-kind",
        NEW_ATTACHMENT,
        ("PDF",),
        kept=(KEPT, "Handlingsplan"),
        files={"attachments-0-file": ("plan.pdf", b"MZ\x90\x00 not a pdf at all")},
    ),
    item_edit(
        "attachment-program",
        NEW_ATTACHMENT,
        ("PDF",),
        kept=(KEPT, "Handlingsplan"),
        files={"attachments-0-file": ("plan.exe", b"MZ\x90\x00" + b"\x00" * 100)},
    ),
    item_edit(
        "attachment-number-10kb",
        {**NEW_ATTACHMENT, "attachments-0-number": KB10},
        (at_most(20),),
        kept=(KEPT, "Handlingsplan"),
        files={"attachments-0-file": ("plan.pdf", pdf())},
    ),
    item_edit(
        "attachment-title-control",
        {**NEW_ATTACHMENT, "attachments-0-title": VT},
        (CONTROL,),
        kept=(KEPT, VT),
        files={"attachments-0-file": ("plan.pdf", pdf())},
    ),
    item_edit(
        "attachment-kept-token-forged",
        {**NEW_ATTACHMENT, "attachments-0-kept": "eyJwYXRoIjoiLi4vLi4vZXRjL3Bhc3N3ZCJ9:forged"},
        ("Välj filen igen",),
        kept=(KEPT, "Handlingsplan"),
    ),
    item_edit(
        "attachments-total-forms-huge",
        {"attachments-TOTAL_FORMS": HUGE, "discussion": KEPT},
        ("Skicka som mest",),
        kept=(KEPT,),
    ),
    Bad(
        "item-edit-another-forums-item",
        "vfr_secretary",
        lambda w: f"/moten/{w.other_draft.pk}/punkter/{w.other_item.pk}/",
        403,
        ("Du har inte behörighet till sidan",),
        method="post",
        data={"title": KEPT},
    ),
    Bad(
        "item-edit-item-of-another-meeting",
        "vfr_secretary",
        lambda w: f"/moten/{w.draft.pk}/punkter/{w.other_item.pk}/",
        404,
        NOT_FOUND,
        method="post",
        data={"title": KEPT},
    ),
    Bad(
        "item-edit-huge-item",
        "vfr_secretary",
        lambda w: f"/moten/{w.draft.pk}/punkter/{HUGE}/",
        404,
        NOT_FOUND,
        method="post",
        data={"title": KEPT},
    ),
    Bad(
        "item-create-on-another-forums-meeting",
        "vfr_secretary",
        lambda w: f"/moten/{w.other_draft.pk}/punkter/ny/",
        403,
        ("Du har inte behörighet till sidan",),
        method="post",
        data={"title": KEPT},
    ),
    item_edit(
        "title-markup-is-stored-and-shown-escaped",
        {"title": HTML},
        (),
        status=302,
        redirect=lambda w: f"/moten/{w.draft.pk}/punkter/{w.item.pk}/",
        stores=True,
        then=lambda w, client, response: shows_escaped(client, f"/moten/{w.draft.pk}/", HTML),
    ),
    item_edit(
        "discussion-sql-is-stored-as-text",
        {"discussion": SQL},
        (),
        status=302,
        redirect=lambda w: f"/moten/{w.draft.pk}/punkter/{w.item.pk}/",
        stores=True,
        then=lambda w, client, response: stored(
            lambda: w.item.__class__.objects.get(pk=w.item.pk).discussion == SQL
        ),
    ),
)


def stored(check) -> None:
    assert check()


# Published minutes are corrected only with a reason, which the history keeps.
add(
    Bad(
        "meeting-correction-reason-long",
        "vfr_secretary",
        lambda w: f"/moten/{w.published.pk}/redigera/",
        200,
        (NOT_SAVED_MEETING, at_most(100)),
        method="post",
        from_form=True,
        data={"reason": LONG_REASON, "place": KEPT},
        kept=(LONG_REASON, KEPT),
    ),
    Bad(
        "item-correction-reason-long",
        "vfr_secretary",
        lambda w: f"/moten/{w.published.pk}/punkter/{w.recommendation.item_id}/",
        200,
        (NOT_SAVED_ITEM, at_most(100)),
        method="post",
        from_form=True,
        data={"reason": LONG_REASON, "discussion": KEPT},
        kept=(LONG_REASON, KEPT),
    ),
)


# --- justering ---------------------------------------------------------------------------


def justering(name, changes, says, *, kept=()):
    def data(w):
        julia = w.in_review.justerare.get(name="Julia Justerare")
        return {
            "reviewer": str(julia.pk),
            "method": "paper",
            "reviewed_on": "2026-01-20",
            "note": KEPT,
            **changes,
        }

    return Bad(
        f"justering-outside-{name}",
        "vfr_secretary",
        lambda w: f"/moten/{w.in_review.pk}/justering-utanfor/",
        400,
        ("Justeringen registrerades inte", *says),
        method="post",
        data=data,
        kept=kept,
    )


add(
    justering("reviewer-letters", {"reviewer": "abc"}, (BAD_CHOICE,), kept=(KEPT,)),
    justering("reviewer-huge", {"reviewer": HUGE}, (BAD_CHOICE,), kept=(KEPT,)),
    justering("method-unknown", {"method": "pigeon"}, (BAD_CHOICE,), kept=(KEPT,)),
    justering("date-13-45", {"reviewed_on": "2020-13-45"}, (BAD_DATE,), kept=(KEPT,)),
    justering("date-99999", {"reviewed_on": "99999-01-01"}, (BAD_DATE,), kept=(KEPT,)),
    justering("note-control", {"note": ESC}, (CONTROL,), kept=(ESC,)),
    justering("note-long", {"note": LONG_REASON}, (at_most(100),), kept=(LONG_REASON,)),
    justering("note-1mb", {"note": MB1}, (at_most(100),)),
    Bad(
        "justering-comment-control",
        "member",
        lambda w: f"/moten/{w.in_review.pk}/justera/",
        400,
        ("skickades inte", CONTROL),
        method="post",
        data={"comment": ESC},
        kept=(ESC,),
    ),
    Bad(
        "justering-comment-1mb",
        "member",
        lambda w: f"/moten/{w.in_review.pk}/justera/",
        400,
        ("skickades inte", at_most(100000)),
        method="post",
        data={"comment": MB1},
    ),
    Bad(
        "justering-by-someone-not-chosen",
        "schnv_secretary",
        lambda w: f"/moten/{w.in_review.pk}/justera/",
        403,
        ("Du har inte behörighet till sidan",),
        method="post",
        data={"approve": "1"},
    ),
    Bad(
        "send-for-review-another-forum",
        "vfr_secretary",
        lambda w: f"/moten/{w.other_draft.pk}/skicka-for-justering/",
        403,
        ("Du har inte behörighet till sidan",),
        method="post",
    ),
    Bad(
        "publish-without-confirming",
        "vfr_secretary",
        lambda w: f"/moten/{w.draft.pk}/publicera/",
        302,
        method="post",
        data={"confirm": "yes please"},
        redirect=lambda w: f"/moten/{w.draft.pk}/justering/",
    ),
)

# --- a principal's adoption of a recommendation --------------------------------------------


def adoption(name, changes, says, *, kept=(), role="member", slug="falun", status=200):
    return Bad(
        f"adoption-{name}",
        role,
        lambda w: f"/beslut/{w.recommendation.pk}/antaganden/{slug}/",
        status,
        says=says,
        method="post",
        from_form=role == "member" and slug == "falun",
        data=changes,
        kept=kept,
    )


ADOPTED = {"status": "adopted", "decided_on": "2021-09-01", "body": KEPT}
add(
    adoption("status-unknown", {"status": "bogus", "body": KEPT}, (BAD_CHOICE,), kept=(KEPT,)),
    adoption("date-13-45", {**ADOPTED, "decided_on": "2020-13-45"}, (BAD_DATE,), kept=(KEPT,)),
    adoption("date-99999", {**ADOPTED, "decided_on": "99999-01-01"}, (BAD_DATE,), kept=(KEPT,)),
    adoption(
        "date-in-the-future", {**ADOPTED, "decided_on": "2999-01-01"}, ("framtiden",), kept=(KEPT,)
    ),
    adoption("body-10kb", {**ADOPTED, "body": KB10}, (at_most(150),), kept=(KB10,)),
    adoption("body-control", {**ADOPTED, "body": VT}, (CONTROL,), kept=(VT,)),
    adoption("reference-10kb", {**ADOPTED, "reference": KB10}, (at_most(100),), kept=(KB10,)),
    adoption("text-control", {**ADOPTED, "adopted_text": ESC}, (CONTROL,), kept=(ESC,)),
    adoption("text-1mb", {**ADOPTED, "adopted_text": MB1}, (at_most(100000),)),
    adoption(
        "version-stale",
        {**ADOPTED, "version": "stale"},
        ("Någon annan ändrade beslutet",),
        kept=(KEPT,),
    ),
    adoption(
        "another-principal",
        ADOPTED,
        ("Du har inte behörighet till sidan",),
        slug="borlange",
        status=403,
    ),
)

# --- people and accounts --------------------------------------------------------------------

PERSON = {"name": "Nils Nilsson", "title": "Socialchef", "organisation": "", "email": ""}


def person_create(name, changes, says, *, kept=()):
    return Bad(
        f"person-create-{name}",
        "administrator",
        "/personer/ny/",
        400,
        says,
        method="post",
        data={**PERSON, **changes},
        kept=kept,
    )


add(
    person_create("name-10kb", {"name": KB10}, (at_most(150),), kept=(KB10,)),
    person_create("name-1mb", {"name": MB1}, (at_most(150),), kept=(MB1,)),
    person_create("name-control", {"name": VT}, (CONTROL,), kept=(VT,)),
    person_create("name-line-break", {"name": "Nils\nNilsson"}, (ONE_LINE,)),
    person_create("title-control", {"title": ESC}, (CONTROL,), kept=(ESC,)),
    person_create("organisation-10kb", {"organisation": KB10}, (at_most(200),), kept=(KB10,)),
    person_create("email-10kb", {"email": KB10 + "@example.se"}, (BAD_EMAIL,)),
    person_create("email-300", {"email": LONG_EMAIL}, (at_most(254),)),
    person_create("principal-letters", {"principal": "abc"}, (BAD_CHOICE,), kept=("Nils Nilsson",)),
    person_create("principal-huge", {"principal": HUGE}, (BAD_CHOICE,), kept=("Nils Nilsson",)),
    Bad(
        "person-edit-name-control",
        "administrator",
        lambda w: f"/personer/{w.person.pk}/redigera/",
        400,
        (CONTROL,),
        method="post",
        from_form=True,
        data={"name": VT},
        kept=(VT,),
    ),
    Bad(
        "person-edit-stale",
        "administrator",
        lambda w: f"/personer/{w.person.pk}/redigera/",
        400,
        ("Någon annan ändrade personen",),
        method="post",
        from_form=True,
        data={"stamp": "stale", "title": KEPT},
        kept=(KEPT,),
    ),
    Bad(
        "person-edit-markup-is-stored-and-shown-escaped",
        "administrator",
        lambda w: f"/personer/{w.person.pk}/redigera/",
        302,
        method="post",
        from_form=True,
        data={"title": HTML},
        redirect=lambda w: f"/personer/{w.person.pk}/",
        stores=True,
        then=lambda w, client, response: shows_escaped(client, f"/personer/{w.person.pk}/", HTML),
    ),
    Bad(
        "membership-forum-letters",
        "vfr_secretary",
        lambda w: f"/personer/{w.person.pk}/roller/",
        400,
        (BAD_CHOICE,),
        method="post",
        data={"forum": "abc", "role": "member"},
    ),
    Bad(
        "membership-in-another-forum",
        "vfr_secretary",
        lambda w: f"/personer/{w.person.pk}/roller/",
        400,
        (BAD_CHOICE,),
        method="post",
        data=lambda w: {"forum": str(w.schnv.pk), "role": "member"},
    ),
    Bad(
        "membership-role-unknown",
        "vfr_secretary",
        lambda w: f"/personer/{w.person.pk}/roller/",
        400,
        (BAD_CHOICE,),
        method="post",
        data=lambda w: {"forum": str(w.vfr.pk), "role": "king"},
    ),
    Bad(
        "membership-principal-huge",
        "administrator",
        lambda w: f"/personer/{w.person.pk}/roller/",
        400,
        (BAD_CHOICE,),
        method="post",
        data=lambda w: {"forum": str(w.vfr.pk), "role": "member", "principal": HUGE},
    ),
    Bad(
        "invite-address-300",
        "administrator",
        lambda w: f"/personer/{w.person.pk}/bjud-in/",
        400,
        (at_most(254),),
        method="post",
        data={"email": LONG_EMAIL},
    ),
    Bad(
        "invite-address-control",
        "administrator",
        lambda w: f"/personer/{w.person.pk}/bjud-in/",
        400,
        ("Fyll i en giltig e-postadress",),
        method="post",
        data={"email": "p\x0b@example.se"},
    ),
    Bad(
        "representation-principal-huge",
        "administrator",
        lambda w: f"/personer/{w.person.pk}/huvudman/",
        400,
        (BAD_CHOICE,),
        method="post",
        data={"principal": HUGE},
    ),
    Bad(
        "person-active-unknown",
        "administrator",
        lambda w: f"/personer/{w.person.pk}/aktiv/",
        302,
        method="post",
        data={"active": "maybe"},
        redirect=lambda w: f"/personer/{w.person.pk}/",
    ),
    Bad("person-huge", "administrator", f"/personer/{HUGE}/", 404, NOT_FOUND),
    Bad("people-query-10kb", "administrator", "/personer/", 200, (at_most(100),), data={"q": KB10}),
    Bad(
        "people-forum-letters",
        "vfr_secretary",
        "/personer/",
        200,
        (BAD_CHOICE,),
        data={"forum": "abc"},
    ),
    Bad("people-page-huge", "vfr_secretary", "/personer/", 200, ("Personer",), data={"page": HUGE}),
    Bad(
        "invitation-forged",
        "anonymous",
        "/personer/inbjudan/forged-token/",
        404,
        ("Inbjudan kan inte användas",),
    ),
    Bad(
        "outbox-state-unknown",
        "administrator",
        "/utskick/",
        200,
        ("Utskick",),
        data={"state": HTML},
    ),
    Bad("outbox-huge", "administrator", f"/utskick/{HUGE}/", 404, NOT_FOUND),
    Bad(
        "outbox-send-again-huge",
        "administrator",
        f"/utskick/{HUGE}/skicka-igen/",
        404,
        NOT_FOUND,
        method="post",
    ),
    Bad("person-history-huge", "vfr_secretary", f"/personer/{HUGE}/historik/", 404, NOT_FOUND),
    Bad(
        "account-name-control",
        "administrator",
        "/konto/",
        200,
        (CONTROL,),
        method="post",
        data={"name": VT, "email": "ada@example.se"},
        kept=(VT,),
    ),
    Bad(
        "account-email-choice-unknown",
        "member",
        "/konto/",
        200,
        (BAD_CHOICE,),
        method="post",
        data={"wanted": ["notice", "spam"]},
    ),
)

# --- agendas and notices (administrators) ---------------------------------------------------

ACCEPT = {
    "date": "2026-12-10",
    "horizon": "6",
    "first": "False",
    "start_time": "13:00",
    "place": KEPT,
}
add(
    Bad(
        "agenda-start-forum-unknown",
        "administrator",
        "/dagordning/",
        200,
        (BAD_CHOICE,),
        data={"forum": "NOPE", "date": "2026-12-10"},
    ),
    Bad(
        "agenda-start-date-13-45",
        "administrator",
        "/dagordning/",
        200,
        ("Skriv datumet som",),
        data={"forum": "VFR", "date": "2020-13-45"},
    ),
    Bad(
        "agenda-date-13-45",
        "administrator",
        "/dagordning/VFR/",
        400,
        ("Skriv datumet som",),
        data={"date": "2020-13-45"},
    ),
    Bad(
        "agenda-date-99999",
        "administrator",
        "/dagordning/VFR/",
        400,
        ("Skriv datumet som",),
        data={"date": "99999-01-01"},
    ),
    Bad(
        "agenda-date-year-1",
        "administrator",
        "/dagordning/VFR/",
        400,
        ("Dagordning",),
        data={"date": "0001-01-01"},
    ),
    Bad(
        "agenda-date-year-9999",
        "administrator",
        "/dagordning/VFR/",
        400,
        (FAR_DATE,),
        data={"date": "9999-12-31"},
    ),
    Bad(
        "agenda-start-date-year-9999",
        "administrator",
        "/dagordning/",
        200,
        (FAR_DATE,),
        data={"forum": "VFR", "date": "9999-12-31"},
    ),
    Bad(
        "agenda-horizon-letters",
        "administrator",
        "/dagordning/VFR/",
        400,
        (BAD_NUMBER,),
        data={"date": "2026-12-10", "horizon": "abc"},
    ),
    Bad(
        "agenda-horizon-negative",
        "administrator",
        "/dagordning/VFR/",
        400,
        ("större än eller lika med 1",),
        data={"date": "2026-12-10", "horizon": "-1"},
    ),
    Bad(
        "agenda-horizon-huge",
        "administrator",
        "/dagordning/VFR/",
        400,
        ("mindre än eller lika med",),
        data={"date": "2026-12-10", "horizon": HUGE},
    ),
    Bad("agenda-forum-unknown", "administrator", "/dagordning/NOPE/", 404, NOT_FOUND),
    Bad(
        "agenda-by-a-secretary",
        "vfr_secretary",
        "/dagordning/VFR/",
        403,
        ("Du har inte behörighet till sidan",),
    ),
    # The date and the horizon are hidden fields of the proposal's page: only a forged
    # form makes them wrong, and the proposal cannot be drawn to show the form again.
    Bad(
        "agenda-accept-date-13-45",
        "administrator",
        "/dagordning/VFR/",
        400,
        ("Skriv datumet som",),
        method="post",
        data={**ACCEPT, "date": "2020-13-45"},
    ),
    Bad(
        "agenda-accept-time-25-61",
        "administrator",
        "/dagordning/VFR/",
        400,
        ("Skriv tiden som",),
        method="post",
        data={**ACCEPT, "start_time": "25:61"},
        kept=(KEPT,),
    ),
    Bad(
        "agenda-accept-place-10kb",
        "administrator",
        "/dagordning/VFR/",
        400,
        (at_most(200),),
        method="post",
        data={**ACCEPT, "place": KB10},
        kept=(KB10,),
    ),
    Bad(
        "agenda-accept-place-control",
        "administrator",
        "/dagordning/VFR/",
        400,
        (CONTROL,),
        method="post",
        data={**ACCEPT, "place": VT},
        kept=(VT,),
    ),
    Bad(
        "agenda-accept-horizon-letters",
        "administrator",
        "/dagordning/VFR/",
        400,
        (BAD_NUMBER,),
        method="post",
        data={**ACCEPT, "horizon": "abc"},
    ),
    Bad("notice-huge", "administrator", f"/dagordning/kallelse/{HUGE}/", 404, NOT_FOUND),
    Bad("notice-word-huge", "administrator", f"/dagordning/kallelse/{HUGE}/word/", 404, NOT_FOUND),
)

# --- importing minutes -----------------------------------------------------------------------


def upload(name, files, says):
    return Bad(
        f"import-upload-{name}",
        "vfr_secretary",
        "/import/",
        200,
        says,
        method="post",
        files=files,
    )


add(
    upload("nothing", {}, ("Välj minst en fil",)),
    upload("empty-text-file", {"files": ("protokoll.txt", b"")}, ("Den skickade filen är tom",)),
    upload("empty-docx", {"files": ("protokoll.docx", b"")}, ("Den skickade filen är tom",)),
    upload(
        "not-a-zip", {"files": ("protokoll.zip", b"this is not a zip archive")}, ("protokoll.zip",)
    ),
    # A file that cannot be read is kept in its batch as refused, without its bytes, so
    # that the batch's page says why beside the files that could be read.
    Bad(
        "import-upload-a-program",
        "vfr_secretary",
        "/import/",
        302,
        method="post",
        files={"files": ("program.exe", b"MZ\x90\x00")},
        redirect="/import/omgang/",
        stores=True,
        then=lambda w, client, response: refused_without_bytes(client, response),
    ),
    Bad(
        "import-batch-view-unknown",
        "vfr_secretary",
        lambda w: f"/import/omgang/{w.document.batch_id}/",
        200,
        ("vfr-2020-03-11.txt",),
        data={"visa": HTML},
    ),
    Bad(
        "import-batch-view-10kb",
        "vfr_secretary",
        lambda w: f"/import/omgang/{w.document.batch_id}/",
        200,
        ("vfr-2020-03-11.txt",),
        data={"visa": KB10},
    ),
    Bad(
        "import-batch-format-markup",
        "vfr_secretary",
        lambda w: f"/import/omgang/{w.document.batch_id}/",
        200,
        ("vfr-2020-03-11.txt",),
        data={"format": HTML},
    ),
    Bad(
        "import-save-clean-of-another",
        "schnv_secretary",
        lambda w: f"/import/omgang/{w.document.batch_id}/spara-utan-varningar/",
        404,
        NOT_FOUND,
        method="post",
    ),
    Bad("import-batch-huge", "vfr_secretary", f"/import/omgang/{HUGE}/", 404, NOT_FOUND),
    Bad(
        "import-batch-of-another",
        "schnv_secretary",
        lambda w: f"/import/omgang/{w.document.batch_id}/",
        404,
        NOT_FOUND,
    ),
    Bad("import-document-huge", "vfr_secretary", f"/import/dokument/{HUGE}/", 404, NOT_FOUND),
    Bad(
        "import-document-of-another-forum",
        "schnv_secretary",
        lambda w: f"/import/dokument/{w.document.pk}/",
        403,
        ("Du har inte behörighet till sidan",),
    ),
)


def refused_without_bytes(client, response) -> None:
    document = ImportDocument.objects.order_by("-pk").first()
    assert document.name == "program.exe" and document.status == ImportDocument.Status.REFUSED
    assert bytes(document.data) == b""
    page = client.get(response["Location"]).content.decode()
    assert "Bara textfiler" in unescape(page)


def review(name, changes, says, *, kept=()):
    return Bad(
        f"import-review-{name}",
        "vfr_secretary",
        lambda w: f"/import/dokument/{w.document.pk}/",
        200,
        says,
        method="post",
        from_form=True,
        data=changes,
        kept=kept,
    )


add(
    review(
        "date-13-45",
        {"meeting-date": "2020-13-45", "meeting-place": KEPT},
        (BAD_DATE,),
        kept=(KEPT,),
    ),
    review(
        "date-99999",
        {"meeting-date": "99999-01-01", "meeting-place": KEPT},
        (BAD_DATE,),
        kept=(KEPT,),
    ),
    review(
        "time-25-61",
        {"meeting-start_time": "25:61", "meeting-place": KEPT},
        (BAD_TIME,),
        kept=(KEPT,),
    ),
    review(
        "forum-letters",
        {"meeting-forum": "abc", "meeting-place": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    review(
        "forum-not-kept",
        lambda w, base: {"meeting-forum": str(w.schnv.pk), "meeting-place": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    review("place-10kb", {"meeting-place": KB10}, (at_most(200),), kept=(KB10,)),
    review("place-control", {"meeting-place": VT}, (CONTROL,), kept=(VT,)),
    review("note-control", {"meeting-attendance_note": ESC}, (CONTROL,), kept=(ESC,)),
    review("attendance-markup", {"meeting-attendance": HTML}, ("ser inte ut som ett namn",)),
    review(
        "attendance-long-name",
        {"meeting-attendance": " ".join(["Långnamn" * 20] * 3)},
        ("ser inte ut som ett namn",),
    ),
    review(
        "justerare-not-a-name",
        {"meeting-justerare": "Anna " + "Långnamn" * 40, "meeting-place": KEPT},
        ("ser inte ut som namn på personer",),
        kept=(KEPT,),
    ),
    review(
        "date-year-9999",
        {"meeting-date": "9999-12-31", "meeting-place": KEPT},
        (FAR_DATE,),
        kept=(KEPT,),
    ),
    review(
        "item-title-control", {"item-0-title": VT, "meeting-place": KEPT}, (CONTROL,), kept=(KEPT,)
    ),
    review(
        "item-outcome-unknown",
        {"item-0-outcome": "bogus", "meeting-place": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    review(
        "item-discussion-1mb",
        {"item-0-discussion": MB1, "meeting-place": KEPT},
        (at_most(100000),),
        kept=(KEPT,),
    ),
    review(
        "item-number-sql",
        {"item-0-number": SQL[:5], "meeting-place": KEPT},
        ("Ett punktnummer",),
        kept=(KEPT,),
    ),
    review(
        "clause-control",
        {"clause-0-text": "att\x1bgodkänna.", "meeting-place": KEPT},
        (CONTROL,),
        kept=(KEPT,),
    ),
    review(
        "clause-kind-unknown",
        {"clause-0-kind": "bogus", "meeting-place": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    review(
        "clause-item-letters",
        {"clause-0-item": "abc", "meeting-place": KEPT},
        (BAD_NUMBER,),
        kept=(KEPT,),
    ),
    review(
        "clause-answers-huge",
        {"clause-0-answers": HUGE, "meeting-place": KEPT},
        (BAD_CHOICE,),
        kept=(KEPT,),
    ),
    review(
        "items-total-forms-letters",
        {"item-TOTAL_FORMS": "abc", "meeting-place": KEPT},
        ("ManagementForm",),
        kept=(KEPT,),
    ),
)


# --- the test --------------------------------------------------------------------------------


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 100
    assert len({c.id for c in CASES}) == len(CASES), "two cases share a name"


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Bad, world: World, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    send = prepare(case, world, client)
    before, files_before = row_counts(), files_under(tmp_path)

    response = send()

    assert response.status_code == case.status, (response.status_code, response.get("Location"))
    if case.redirect is not None:
        assert response["Location"].startswith(_value(case.redirect, world)), response["Location"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    page = body.decode()
    if response.status_code != 302 and "text/html" in response.get("Content-Type", ""):
        assert '<html lang="sv"' in page
    for phrase in case.says:
        assert phrase in unescape(page), phrase
    for typed in _value(case.kept, world):
        assert escape(typed) in page or escape(typed, quote=False) in page, typed[:40]

    after = row_counts()
    if not case.stores:
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        assert {t: n for t, n in changed.items() if t not in case.may_change} == {}
        # A file that passed its checks is kept while the rest of the form is corrected;
        # nothing else is written.
        written = [f for f in files_under(tmp_path) if f not in files_before]
        assert [f for f in written if not f.startswith("kept-uploads/")] == []
    if case.then is not None:
        case.then(world, client, response)
