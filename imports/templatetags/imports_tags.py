from django import template

from council.permissions import editable_forum_ids

register = template.Library()


@register.simple_tag
def can_import(user) -> bool:
    """Secretaries import their forums' minutes; administrators any forum's."""
    if not user.is_authenticated:
        return False
    forums = editable_forum_ids(user)
    return forums is None or bool(forums)
