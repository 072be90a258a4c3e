from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def todo(request: HttpRequest) -> dict:
    """How much waits for the logged-in person, for the count beside "Att göra".

    Lazy: counted (in one query) only by a page that shows the navigation."""
    from register.todo import todo_count

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"todo_count": 0}
    return {"todo_count": SimpleLazyObject(lambda: todo_count(user))}
