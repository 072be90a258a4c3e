"""Decisions as Atom feeds (Django's syndication framework).

The feed of the decision list takes the list's own filters, so that every filtered
list, a search included, has a feed; the feeds of a case, an agreement and a forum are
that list narrowed to them. A feed holds the first page of the list exactly as an
anonymous reader sees it: published decisions only, whoever fetches it, since a feed
is read by programs that carry no login and is passed on.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from agreements.models import Agreement
from council.models import Forum
from meetings.models import Case, Decision
from register.filters import DecisionFilter
from register.selectors import PAGE_SIZE, agreements_by_case, filtered_decisions, searched_page

from .services import describe_filters, normalised_search


def first_page(params: QueryDict) -> tuple[list[Decision], DecisionFilter]:
    """The decision list's first page for these filters, as the list itself reads it,
    and the filters as the list read them. Read as an anonymous reader: the feed shows
    what the public list shows, whoever asks."""
    reader = AnonymousUser()
    decision_filter = filtered_decisions(params, reader)
    query = params.get("q", "")
    if query:
        _page, rows = searched_page(reader, decision_filter, query, None)
    else:
        rows = list(decision_filter.qs[:PAGE_SIZE])
    return rows, decision_filter


@dataclass
class Subject:
    title: str
    subtitle: str
    link: str
    params: QueryDict
    rows: list[Decision] = field(default_factory=list)
    feed_url: str = ""


class DecisionFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response

    def subject(self, request: HttpRequest, **kwargs) -> Subject:
        params = QueryDict(normalised_search(request.GET))
        return Subject(
            title="",
            subtitle="",
            link=f"{reverse('decision_list')}?{params.urlencode()}".rstrip("?"),
            params=params,
        )

    def get_object(self, request: HttpRequest, **kwargs) -> Subject:
        subject = self.subject(request, **kwargs)
        subject.feed_url = request.get_full_path()
        rows, decision_filter = first_page(subject.params)
        if not subject.title:
            described = describe_filters(decision_filter)
            subject.title = (
                _("Decisions: %(filters)s") % {"filters": described}
                if described
                else _("Decisions")
            )
        # The feed object serves every request: what one request read goes on its rows.
        agreements = agreements_by_case({d.item.case_id for d in rows if d.item.case_id})
        for row in rows:
            row.agreement_names = [name for _pk, name in agreements.get(row.item.case_id, ())]
        subject.rows = rows
        return subject

    def title(self, subject: Subject) -> str:
        return f"{subject.title} – {_('Decision register')}, RSS Dalarna"

    def subtitle(self, subject: Subject) -> str:
        return subject.subtitle or _(
            "Published decisions of the forums of RSS Dalarna, the latest first."
        )

    def link(self, subject: Subject) -> str:
        return subject.link

    def feed_url(self, subject: Subject) -> str:
        return subject.feed_url

    def author_name(self) -> str:
        return "RSS Dalarna"

    def items(self, subject: Subject) -> list[Decision]:
        return subject.rows

    def item_title(self, decision: Decision) -> str:
        meeting = decision.item.meeting
        text = Truncator(" ".join(decision.text.split())).words(16, truncate=" …")
        return f"{meeting.forum.name} {date_format(meeting.date, 'j F Y')}: {text}"

    def item_description(self, decision: Decision) -> str:
        item = decision.item
        meeting = item.meeting
        facts = [
            (_("Forum"), meeting.forum.name),
            (_("Date"), date_format(meeting.date, "j F Y")),
            (_("Item"), f"{item.number}. {item.title}"),
            (_("Kind"), decision.get_kind_display()),
        ]
        if decision.referred_to_id:
            facts.append((_("Referred to"), decision.referred_to.name))
        if item.case_id:
            facts.append((_("Case"), item.case.title))
        facts += [(_("Agreement"), name) for name in decision.agreement_names]
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            decision.text,
            format_html_join("", "<li>{}: {}</li>", facts),
        )

    def item_link(self, decision: Decision) -> str:
        item = decision.item
        return f"{reverse('meeting_detail', args=[item.meeting_id])}#p{item.number}"

    def item_guid(self, decision: Decision) -> str:
        # Several clauses share their item's link; each entry needs an id of its own.
        return f"urn:beslutsregistret:beslut:{decision.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, decision: Decision) -> str:
        return decision.item.meeting.forum.name

    def _published(self, decision: Decision) -> datetime.datetime:
        meeting = decision.item.meeting
        if meeting.published_at:
            return meeting.published_at
        return timezone.make_aware(datetime.datetime.combine(meeting.date, datetime.time(12)))

    def item_pubdate(self, decision: Decision) -> datetime.datetime:
        return self._published(decision)

    def item_updateddate(self, decision: Decision) -> datetime.datetime:
        return self._published(decision)

    def item_categories(self, decision: Decision) -> list[str]:
        return [decision.get_kind_display(), decision.item.meeting.forum.code]


class CaseFeed(DecisionFeed):
    def subject(self, request: HttpRequest, pk: int) -> Subject:
        case = get_object_or_404(Case, pk=pk)
        return Subject(
            title=_("Decisions in the case %(title)s") % {"title": case.title},
            subtitle=_("Published decisions in the case across the forums, the latest first."),
            link=reverse("case_detail", args=[case.pk]),
            params=QueryDict(f"case={case.pk}"),
        )


class AgreementFeed(DecisionFeed):
    def subject(self, request: HttpRequest, pk: int) -> Subject:
        agreement = get_object_or_404(Agreement, pk=pk)
        return Subject(
            title=_("Decisions on %(agreement)s") % {"agreement": agreement},
            subtitle=_(
                "Published decisions in the cases of the agreement across the forums, the "
                "latest first."
            ),
            link=reverse("agreement_detail", args=[agreement.pk]),
            params=QueryDict(f"agreement={agreement.pk}"),
        )


class ForumFeed(DecisionFeed):
    def subject(self, request: HttpRequest, code: str) -> Subject:
        forum = Forum.objects.filter(code__iexact=code).first()
        if forum is None:
            raise Http404
        return Subject(
            title=_("Decisions of %(forum)s") % {"forum": forum.name},
            subtitle=_("Published decisions of the forum, the latest first."),
            link=reverse("forum_detail", args=[forum.code]),
            params=QueryDict(f"forum={forum.code}"),
        )
