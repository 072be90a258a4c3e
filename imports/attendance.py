"""The attendance field of the review page: a person to a line, as a secretary reads it."""

import re

from django.utils.translation import gettext

from council.models import Role

from .parser import ParsedAttendee


def attendance_line(attendee: ParsedAttendee) -> str:
    """One line of the attendance field: "Anna Berg, Falun (ordförande)"."""
    line = f"{attendee.name}, {attendee.principal}" if attendee.principal else attendee.name
    notes = []
    if attendee.role and attendee.role != Role.MEMBER:
        notes.append(str(Role(attendee.role).label).lower())
    if not attendee.present:
        notes.append(gettext("absent"))
    return f"{line} ({', '.join(notes)})" if notes else line


def read_attendance_lines(text: str) -> list[ParsedAttendee]:
    """The attendance field back: a person to a line, principal after a comma, role and
    absence in parentheses."""
    roles = {str(label).lower(): value for value, label in Role.choices}
    people = []
    for line in text.splitlines():
        notes = re.findall(r"\(([^()]*)\)", line)
        line = re.sub(r"\([^()]*\)", " ", line)
        name, _sep, principal = line.partition(",")
        if not name.strip():
            continue
        attendee = ParsedAttendee(" ".join(name.split()), " ".join(principal.split()))
        for note in (n.strip().lower() for part in notes for n in part.split(",")):
            if note == gettext("absent"):
                attendee.present = False
            elif note in roles:
                attendee.role = roles[note]
        people.append(attendee)
    return people
