from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0003_plain_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="forumname",
            name="used_until",
            field=models.DateField(
                blank=True,
                help_text="The last day the forum had this name: meetings until then show it. Leave empty for another spelling of a name, used only to recognise the forum.",
                null=True,
                verbose_name="used until",
            ),
        ),
        migrations.AlterField(
            model_name="historicalforumname",
            name="used_until",
            field=models.DateField(
                blank=True,
                help_text="The last day the forum had this name: meetings until then show it. Leave empty for another spelling of a name, used only to recognise the forum.",
                null=True,
                verbose_name="used until",
            ),
        ),
    ]
