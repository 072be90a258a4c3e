from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Import of minutes")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from meetings.models import Attachment

        from .attachment_text import ask_to_read

        # The attachments are kept by meetings, which cannot import the readers here.
        post_save.connect(ask_to_read, sender=Attachment, dispatch_uid="imports.ask_to_read")
