"""Attachments stored under names that say nothing: earlier ones were stored as
attachments/<forum>/<year>/<the uploaded name>, which anyone could guess."""

import uuid

from django.core.files.storage import default_storage
from django.db import migrations, transaction


def rename_files(apps, schema_editor):
    Attachment = apps.get_model("meetings", "Attachment")
    for attachment in Attachment.objects.exclude(file="").iterator():
        old = attachment.file.name
        _stem, dot, extension = old.rpartition(".")
        suffix = f".{extension.lower()}" if dot and extension.isalnum() else ""
        if not default_storage.exists(old):
            continue
        with default_storage.open(old, "rb") as source:
            new = default_storage.save(f"attachments/{uuid.uuid4().hex}{suffix}", source)
        Attachment.objects.filter(pk=attachment.pk).update(file=new)
        # The old file goes only once the new names are committed.
        transaction.on_commit(lambda old=old: default_storage.delete(old))


class Migration(migrations.Migration):
    dependencies = [("meetings", "0008_item_numbers_with_sub_numbers")]

    operations = [migrations.RunPython(rename_files, migrations.RunPython.noop)]
