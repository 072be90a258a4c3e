"""Log-in by e-mail address: invitations create accounts that people know by their address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from council.permissions import remember_roles, with_roles
from council.prepared import PreparedQueries


class EmailOrUsernameBackend(ModelBackend):
    """Django's own backend, also reached through the account's e-mail address.

    An address shared by two accounts logs in neither by address (only by user name), so
    a typo in one person's address can never open another's account.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            matches = list(
                get_user_model()
                .objects.filter(email__iexact=username.strip())
                .values_list("username", flat=True)[:2]
            )
            if len(matches) == 1:
                username = matches[0]
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id):
        """The user of a session, with the forums they keep and the principals they
        represent read in the same query (council.permissions.with_roles)."""
        users = get_user_model()._default_manager
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        prepared = _PREPARED.statement(
            "user", lambda marker: with_roles(users.filter(pk=marker)), user_id
        )
        assert prepared is not None  # the query reads the user
        user = next(iter(users.raw(*prepared)), None)
        if user is None:
            return None
        return remember_roles(user) if self.user_can_authenticate(user) else None


# The SQL of the session's user with their roles, built once per process.
_PREPARED = PreparedQueries()
