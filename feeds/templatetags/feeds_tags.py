"""The follow button and the feed links of the case, agreement, forum and decision pages."""

from django import template
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from feeds.models import Follow
from feeds.services import normalised_search

register = template.Library()

LABELS = {
    Follow.Kind.CASE: (_("Follow the case"), _("Stop following the case")),
    Follow.Kind.AGREEMENT: (_("Follow the agreement"), _("Stop following the agreement")),
    Follow.Kind.FORUM: (_("Follow the forum"), _("Stop following the forum")),
    Follow.Kind.SEARCH: (_("Follow this search"), _("Stop following this search")),
}


def _lookup(kind: str, target: str) -> dict | None:
    """The follow's fields, read from the page's own values without a query."""
    if kind in (Follow.Kind.CASE, Follow.Kind.AGREEMENT):
        return {f"{kind}_id": int(target)} if target.isdigit() else None
    if kind == Follow.Kind.FORUM:
        return {"forum__code__iexact": target}
    if kind == Follow.Kind.SEARCH:
        query = normalised_search(QueryDict(target))
        return {"query": query} if query else None
    return None


@register.inclusion_tag("feeds/_follow.html", takes_context=True)
def follow_links(context, kind: str, target, feed_url: str = "", calendar_url: str = "") -> dict:
    """A button to follow (or stop following) the page's matter, for a logged-in reader
    one query, and the links to its feeds."""
    request = context["request"]
    user = request.user
    target = str(target)
    fields = _lookup(kind, target)
    follow_id = None
    if user.is_authenticated and fields is not None:
        follow_id = (
            Follow.objects.filter(person__user=user, kind=kind, **fields)
            .values_list("pk", flat=True)
            .first()
        )
    follow_label, stop_label = LABELS[kind]
    return {
        "authenticated": user.is_authenticated,
        "can_follow": fields is not None,
        "follow_id": follow_id,
        "kind": kind,
        "target": target,
        "label": follow_label,
        "stop_label": stop_label,
        "next": request.get_full_path(),
        "feed_url": feed_url,
        "calendar_url": calendar_url,
    }
