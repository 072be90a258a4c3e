"""The minutes, an extract of one item and the notice as Word documents in the house style.

Each is the template in ``templates/word/`` (made by ``meetings.word_templates``) filled in
by docxtpl from the context its PDF is made from, so that the Word file and the PDF hold
the same facts and the same wording; fixed text is the PDF templates' translated strings.
"""

import datetime
import io
import re
from pathlib import Path

from django.conf import settings
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext, gettext_noop
from docxtpl import DocxTemplate, RichText
from jinja2 import Environment, StrictUndefined

from council.models import Role
from meetings.models import AgendaItem, Meeting
from meetings.print_views import minutes_context
from meetings.word_templates import MINUTES, NOTICE, WORD_DIR

# Control characters that XML cannot carry, and that docxtpl would read as breaks of its
# own (\a a new paragraph, \f a new page); Word's vertical tab is its line break.
_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f]")


def minutes_docx(meeting: Meeting) -> bytes:
    """The minutes as a Word document, as the minutes PDF has them."""
    context = minutes_context(meeting)
    return _render(MINUTES, _minutes_fields(context), title=_title(meeting))


def extract_docx(item: AgendaItem) -> bytes:
    """The extract of one item of the minutes (protokollsutdrag) as a Word document."""
    meeting = item.meeting
    context = minutes_context(meeting, only_item=item)
    title = f"{_title(meeting, extract=True)} – {gettext('Item')} {item.number}"
    return _render(MINUTES, _minutes_fields(context), title=title, subject=item.title)


def notice_docx(meeting: Meeting, items: list[AgendaItem]) -> bytes:
    """The notice (kallelse) with its agenda, as the notice PDF has it."""
    facts = [
        {"label": gettext("Date"), "value": date_format(meeting.date, "j F Y")},
    ]
    if meeting.start_time:
        facts.append({"label": gettext("Time"), "value": _time_range(meeting)})
    facts.append({"label": gettext("Place"), "value": meeting.place or gettext("Announced later")})
    if meeting.registration_number:
        facts.append({"label": "Dnr", "value": meeting.registration_number})
    fields = {
        "t": _labels(),
        "forum": meeting.forum.name,
        "date": f"{meeting.date:%Y-%m-%d}",
        "dnr": meeting.registration_number,
        "facts": facts,
        "items": [
            {
                "number": item.number,
                "title": item.title,
                "presenters": _presenters(item),
                "attachments": _notice_attachments(item),
            }
            for item in items
        ],
    }
    title = f"{gettext('Notice')} {meeting.forum.name} {meeting.date:%Y-%m-%d}"
    return _render(NOTICE, fields, title=title)


def _notice_attachments(item: AgendaItem) -> str:
    parts = [item.attachment_refs] if item.attachment_refs else []
    parts += [f"{gettext('Attachment')} {a.number}: {a.title}" for a in item.attachments.all()]
    return "; ".join(parts)


# ----------------------------------------------------------------- the minutes' fields


def _title(meeting: Meeting, *, extract: bool = False) -> str:
    kind = gettext("Extract from the minutes") if extract else gettext("Meeting minutes")
    return f"{kind} {meeting.forum_name} {meeting.date:%Y-%m-%d}"


def _minutes_fields(context: dict) -> dict:
    """The minutes template's context (``minutes_context``) as the text of each paragraph."""
    meeting: Meeting = context["meeting"]
    forum = meeting.forum_name  # as the minutes of that date were headed
    facts = [{"label": gettext("Date"), "value": date_format(meeting.date, "j F Y")}]
    if meeting.start_time:
        facts.append({"label": gettext("Time"), "value": _time_range(meeting)})
    if meeting.place:
        facts.append({"label": gettext("Place"), "value": meeting.place})
    if meeting.chair:
        facts.append({"label": gettext("Chair"), "value": meeting.chair.name})
    if context["justerare"]:
        facts.append(
            {
                "label": gettext("Approvers of the minutes"),
                "value": ", ".join(p.name for p in context["justerare"]),
            }
        )
    draft = ""
    if meeting.status != Meeting.Status.PUBLISHED:
        draft = f"{gettext('Draft – not published')} ({meeting.get_status_display().lower()})"
    justering = context["justering"]
    certified = context["certified"]
    return {
        "t": _labels(),
        "kind": gettext("Extract from the minutes")
        if context["extract"]
        else gettext("Meeting minutes"),
        "forum": forum,
        "minutes_date": f"{meeting.minutes_date:%Y-%m-%d}" if meeting.minutes_date else "",
        "dnr": meeting.registration_number,
        "draft": draft,
        "facts": facts,
        "attendance": _attendance(context["attendance"]),
        "items": [_item(item, forum) for item in context["items"]],
        "justering": gettext("Approved (justerade) on %(date)s by %(names)s")
        % {"date": date_format(justering["date"], "j F Y"), "names": justering["names"]}
        if justering
        else "",
        "certified": _certified(certified) if certified else "",
        # Links of their own, made in _render: a link needs the document to hold it.
        "attachments": [
            {
                "label": gettext("Attachment %(number)s: %(title)s")
                % {"number": a.number, "title": _clean(a.title)},
                "url": context["link_base"] + a.get_absolute_url(),
            }
            for a in context["attachments"]
        ],
    }


def _attendance(attendance) -> dict:
    """The lists of names as ``_minutes.html`` writes them."""

    def seated(a) -> str:
        return a.person.name + (
            f" ({a.get_role_display().lower()})" if a.role != Role.MEMBER else ""
        )

    def other(a) -> str:
        where = a.principal.name if a.principal else a.person.organisation
        return a.person.name + (f" ({where})" if where else "")

    def present(a) -> str:
        named = a.role in (Role.CHAIR, Role.SECRETARY)
        return a.person.name + (f" ({a.get_role_display().lower()})" if named else "")

    def absent(a) -> str:
        return a.person.name + (f" ({a.principal.short_name})" if a.principal else "")

    flat = ", ".join(present(a) for a in attendance.present)
    if attendance.inline_note:
        flat += f" {attendance.inline_note}"
    return {
        "grouped": attendance.grouped,
        "groups": [
            {
                "name": group.principal.name if group.principal else gettext("Other"),
                "people": ", ".join(seated(a) for a in group.people),
            }
            for group in attendance.groups
        ],
        "others": ", ".join(other(a) for a in attendance.others),
        "present": flat,
        "absent": ", ".join(absent(a) for a in attendance.absent),
        "note": attendance.note,
    }


OUTCOMES = {
    AgendaItem.Outcome.WITHDRAWN: gettext_noop("The item was withdrawn."),
    AgendaItem.Outcome.TABLED: gettext_noop("The item was tabled."),
    AgendaItem.Outcome.PER_CAPSULAM: gettext_noop("Handled per capsulam."),
}


def _item(item: AgendaItem, forum: str) -> dict:
    outcome = OUTCOMES.get(item.outcome)
    return {
        "is_sub": item.is_sub,
        "label": item.label,
        "title": item.title,
        "presenters": _presenters(item),
        "refs": item.attachment_refs,
        "discussion": _paragraphs(item.discussion),
        "outcome": gettext(outcome) if outcome else "",
        "decided": gettext("%(forum)s decided") % {"forum": forum},
        "clauses": [d.text for d in item.decisions.all()],
    }


def _certified(certified: dict) -> str:
    date = date_format(certified["date"], "j F Y")
    if certified["names"]:
        return gettext(
            "A true extract of the minutes, certified on %(date)s by %(names)s, secretary."
        ) % {"date": date, "names": certified["names"]}
    return gettext("A true extract of the minutes, %(date)s.") % {"date": date}


# ----------------------------------------------------------------- shared


def _labels() -> dict[str, str]:
    """The fixed words of the templates, as ``{{ t.… }}``, in the PDFs' translations."""
    return {
        "date": gettext("Date"),
        "present": gettext("Present"),
        "also_present": gettext("Also present"),
        "absent": gettext("Absent"),
        "presenter": gettext("Presenter"),
        "attachments": gettext("Attachments"),
        "certified": gettext("Certified true extract (utdragsbestyrkande)"),
        "page": gettext("Page"),
        "of": gettext("of"),
        "notice": gettext("Notice"),
        "agenda": gettext("Agenda"),
        "no_items": gettext("The agenda has no items yet."),
    }


def _presenters(item: AgendaItem) -> str:
    return "; ".join(f"{p.name}, {p.title}" if p.title else p.name for p in item.presenters.all())


def _time_range(meeting: Meeting) -> str:
    text = time_format(meeting.start_time, "G.i")
    if meeting.end_time:
        text += f"–{time_format(meeting.end_time, 'G.i')}"
    return text


def _clean(value):
    """Each value the templates print, fit for Word: line ends as \\n, no control codes."""
    if not isinstance(value, str):
        return value
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n"))


def _paragraphs(text: str) -> list[str]:
    """Paragraphs where the text has an empty line, as the ``linebreaks`` filter makes them;
    a single line end stays a line break within its paragraph."""
    return [part.strip("\n") for part in re.split(r"\n\s*\n", _clean(text or "")) if part.strip()]


def template_path(name: str) -> Path:
    """The template RSS staff restyled (in WORD_TEMPLATE_DIR) if there is one, else the
    project's own."""
    own = Path(settings.WORD_TEMPLATE_DIR) / name if settings.WORD_TEMPLATE_DIR else None
    return own if own is not None and own.is_file() else WORD_DIR / name


def _render(name: str, fields: dict, *, title: str, subject: str = "") -> bytes:
    document = DocxTemplate(template_path(name))
    if "attachments" in fields:
        fields = {
            **fields,
            "attachments": [
                RichText(
                    a["label"],
                    url_id=document.build_url_id(a["url"]),
                    color="0563C1",
                    underline=True,
                )
                for a in fields["attachments"]
            ],
        }
    # Strict, so that a placeholder the context lacks fails instead of printing nothing.
    environment = Environment(autoescape=True, undefined=StrictUndefined, finalize=_clean)
    document.render(fields, environment)
    properties = document.docx.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = properties.last_modified_by = fields["forum"]
    properties.language = "sv-SE"
    properties.comments = properties.keywords = properties.category = ""
    properties.revision = 1
    now = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None, microsecond=0)
    properties.created = properties.modified = now
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
