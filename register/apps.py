from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    """The read side: the pages members browse, and the named reads they are built from."""

    name = "register"
    verbose_name = _("Register")
