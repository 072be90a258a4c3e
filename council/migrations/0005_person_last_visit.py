from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0004_forum_name_used_until"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="last_visit_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="last visit"
            ),
        ),
    ]
