"""Forum and principal names for the parser, from the register."""

from council.models import Forum, Principal

from .parser import ForumResolver, mapping_resolver


def forum_resolver() -> ForumResolver:
    """Resolve any name, code or former name of a forum to its current name.

    Loads every name once, since the parser tries many phrases per document.
    """
    names: dict[str, str] = {}
    for forum in Forum.objects.prefetch_related("former_names"):
        for name in [forum.name, forum.code, *(f.name for f in forum.former_names.all())]:
            names[name] = forum.name
    return mapping_resolver(names)


def principal_names() -> list[str]:
    """The names attendance lists give the principals by ("Falun", "Region Dalarna")."""
    names: list[str] = []
    for name, short_name in Principal.objects.values_list("name", "short_name"):
        names.extend([short_name, name])
    return names
