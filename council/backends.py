"""Log-in by e-mail address: invitations create accounts that people know by their address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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
