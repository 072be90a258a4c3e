"""Templates ask the permission module who may do what; they never read account flags."""

import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template

FLAGS = re.compile(r"\.is_(?:staff|superuser)\b")


def test_no_template_reads_the_account_flags():
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    found = [
        f"{path.relative_to(root)}:{n}"
        for root in roots
        for path in root.rglob("*.html")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if FLAGS.search(line)
    ]
    assert roots and found == []


def test_the_filters_answer_as_the_permission_module(administrator, member, django_user_model):
    superuser = django_user_model.objects.create_user("root", is_superuser=True)
    template = Template(
        "{% load council_tags %}{{ user|is_administrator }} {{ user|can_use_admin }}"
    )
    answers = {
        who.username: template.render(Context({"user": who}))
        for who in (administrator, member, superuser)
    }
    # A superuser without the staff flag is an administrator of the register, but
    # Django's administration does not let them in.
    assert answers == {
        administrator.username: "True True",
        member.username: "False False",
        "root": "True False",
    }
    assert (
        Template("{% load council_tags %}{{ none|is_administrator }}").render(
            Context({"none": None})
        )
        == "False"
    )
