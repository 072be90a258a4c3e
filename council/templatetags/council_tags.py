from django import template

from council.permissions import editable_forum_ids

register = template.Library()


@register.simple_tag
def keeps_minutes(user) -> bool:
    """Secretaries keep (and import) their forums' minutes; administrators any forum's.

    The forums are cached on the user, so the navigation costs at most one query."""
    if not user.is_authenticated:
        return False
    forums = editable_forum_ids(user)
    return forums is None or bool(forums)
