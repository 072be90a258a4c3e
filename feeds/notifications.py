"""The e-mail to followers when minutes with a decision on what they follow are published."""

from django.conf import settings
from django.db.models import Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from agreements.models import Agreement
from council.mail import absolute_url, queue_email
from council.models import EmailKind, Person
from meetings.models import Decision, Meeting
from meetings.notifications import meeting_title
from register.filters import DecisionFilter

from .models import Follow
from .services import unfollow_path


def matches(meeting: Meeting) -> dict[Person, list[tuple[Follow, list[Decision]]]]:
    """Who follows something the meeting's published decisions touch, with what and which.

    A forum's follower is told of its decisions but for the procedural ones (the agenda
    approved, a justerare chosen); the follower of a case, an agreement or a search of
    every decision that matches. Nothing for minutes that are not published."""
    if meeting.status != Meeting.Status.PUBLISHED:
        return {}
    decisions = list(
        Decision.objects.filter(item__meeting=meeting)
        .select_related("item")
        .order_by("item__position", "item_id", "position")
    )
    if not decisions:
        return {}
    case_ids = {d.item.case_id for d in decisions if d.item.case_id}
    cases_of: dict[int, set[int]] = {}
    for agreement_id, case_id in Agreement.cases.through.objects.filter(
        case_id__in=case_ids
    ).values_list("agreement_id", "case_id"):
        cases_of.setdefault(agreement_id, set()).add(case_id)
    follows = (
        Follow.objects.filter(
            Q(kind=Follow.Kind.CASE, case_id__in=case_ids)
            | Q(kind=Follow.Kind.AGREEMENT, agreement_id__in=cases_of)
            | Q(kind=Follow.Kind.FORUM, forum_id=meeting.forum_id)
            | Q(kind=Follow.Kind.SEARCH)
        )
        .select_related("person__user")
        .order_by("person_id", "kind", "label", "pk")
    )
    searched: dict[str, set[int]] = {}

    def found_by(query: str) -> set[int]:
        if query not in searched:
            published = Decision.objects.filter(item__meeting=meeting)
            found = DecisionFilter(QueryDict(query), queryset=published)
            keys = found.qs.values_list("pk", flat=True) if found.is_valid() else []
            searched[query] = set(keys)
        return searched[query]

    result: dict[Person, list[tuple[Follow, list[Decision]]]] = {}
    for follow in follows:
        if follow.kind == Follow.Kind.CASE:
            hits = [d for d in decisions if d.item.case_id == follow.case_id]
        elif follow.kind == Follow.Kind.AGREEMENT:
            hits = [d for d in decisions if d.item.case_id in cases_of[follow.agreement_id]]
        elif follow.kind == Follow.Kind.FORUM:
            hits = [d for d in decisions if d.kind != Decision.Kind.PROCEDURAL]
        else:
            keys = found_by(follow.query)
            hits = [d for d in decisions if d.pk in keys]
        if hits:
            result.setdefault(follow.person, []).append((follow, hits))
    return result


def minutes_order(decision: Decision) -> tuple:
    return (decision.item.position, decision.item_id, decision.position)


def followed_published(meeting: Meeting) -> int:
    """One e-mail to each follower of what the published minutes decided: each matching
    decision once, with what of theirs it touches, and a link that stops each of those
    follows. Run twice, it sends once."""
    meeting = Meeting.objects.select_related("forum").get(pk=meeting.pk)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        title = meeting_title(meeting)
        link = absolute_url(reverse("meeting_detail", args=[meeting.pk]))
        for person, followed in matches(meeting).items():
            if not person.wants(EmailKind.FOLLOWED):
                continue
            # Each item once, in the order of the minutes, with its matching clauses and
            # what of the person's it touches.
            items: dict[int, dict] = {}
            for follow, hits in followed:
                for d in sorted(hits, key=minutes_order):
                    item = items.setdefault(
                        d.item_id,
                        {
                            "order": minutes_order(d),
                            "title": f"{d.item.number}. {d.item.title}",
                            "link": f"{link}#p{d.item.number}",
                            "clauses": {},
                            "because": [],
                        },
                    )
                    item["clauses"][d.pk] = (d.position, " ".join(d.text.split()))
                    if follow.label not in item["because"]:
                        item["because"].append(follow.label)
            shown = [
                {
                    **item,
                    "clauses": [text for _position, text in sorted(item["clauses"].values())],
                    "because": "; ".join(item["because"]),
                }
                for item in sorted(items.values(), key=lambda item: item["order"])
            ]
            body = render_to_string(
                "feeds/email/followed.txt",
                {
                    "person": person,
                    "title": title,
                    "link": link,
                    "items": shown,
                    "follows": [
                        {
                            "kind": follow.get_kind_display(),
                            "label": follow.label,
                            "unfollow": absolute_url(unfollow_path(follow)),
                        }
                        for follow, _hits in followed
                    ],
                    "follows_link": absolute_url(reverse("follow_list")),
                },
            )
            queued = queue_email(
                kind=EmailKind.FOLLOWED,
                key=f"followed:{meeting.pk}:{person.pk}",
                person=person,
                recipient=person.email_address,
                subject=_("New decisions on what you follow: %(meeting)s") % {"meeting": title},
                body=body,
            )
            sent += queued is not None
    return sent
