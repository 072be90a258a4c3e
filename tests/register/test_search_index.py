"""The search reaches drafts only for those who may read them, and its index follows
every change of what it reads, on both databases."""

import datetime

from django.core.files.base import ContentFile
from django.urls import reverse

from council.models import Person
from meetings.models import AgendaItem, Attachment, AttachmentText, Meeting
from tests.factories import make_decision, make_item, make_meeting

D = datetime.date


def groups(response) -> dict[str, int]:
    return {g.kind: g.count for g in response.context["result"].groups if g.count}


def test_drafts_are_found_only_by_those_who_may_read_them(
    client, vfr, vfr_secretary, member, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    draft = make_meeting(vfr, D(2024, 5, 2), status=Meeting.Status.MINUTES_DRAFT, place="Zornsalen")
    item = make_item(draft, "4", "Hemlig punkt om vargavinter")
    decided = make_item(draft, "5", "Beslut om vargavinter")
    make_decision(decided, "att godkänna vargavinter.")
    attachment = Attachment.objects.create(
        meeting=draft, item=item, number="1", title="Bilaga", file=ContentFile(b"x", "a.pdf")
    )
    AttachmentText.objects.create(
        attachment=attachment, file_name=attachment.file.name, text="vargavinter i bilagan"
    )
    url = reverse("search")
    assert groups(client.get(url, {"q": "vargavinter"})) == {}
    assert groups(client.get(url, {"q": "zornsalen"})) == {}
    client.force_login(member)
    assert groups(client.get(url, {"q": "vargavinter"})) == {}
    # A justerare of the draft reads its attachments, as the attachment page lets them.
    draft.justerare.add(Person.objects.get(user=member))
    assert groups(client.get(url, {"q": "vargavinter"})) == {"attachment": 1}
    client.force_login(vfr_secretary)
    assert groups(client.get(url, {"q": "vargavinter"})) == {
        "decision": 1,
        "item": 1,
        "attachment": 1,
    }
    assert groups(client.get(url, {"q": "zornsalen"})) == {"meeting": 1}


def test_the_index_follows_every_change(client, vfr, lchnv):
    url = reverse("search")
    meeting = make_meeting(vfr, D(2024, 3, 1), place="Borlänge")
    item = make_item(meeting, "3", "Rapport om snöskottning")
    assert groups(client.get(url, {"q": "snöskottning"})) == {"item": 1}
    decision = make_decision(item, "att notera rapporten.")
    assert groups(client.get(url, {"q": "snöskottning"})) == {"decision": 1}
    AgendaItem.objects.filter(pk=item.pk).update(title="Rapport om halkbekämpning")
    item.refresh_from_db()
    item.save()
    assert groups(client.get(url, {"q": "snöskottning"})) == {}
    assert groups(client.get(url, {"q": "halkbekämpning"})) == {"decision": 1}
    decision.text = "att godkänna isbanan."
    decision.save()
    assert groups(client.get(url, {"q": "isbanan"})) == {"decision": 1}
    meeting.forum = lchnv
    meeting.save()
    assert groups(client.get(url, {"q": "länschefsnätverket borlänge"})) == {"meeting": 1}
    decision.delete()
    assert groups(client.get(url, {"q": "isbanan"})) == {}
    assert groups(client.get(url, {"q": "halkbekämpning"})) == {"item": 1}
    meeting.delete()
    assert groups(client.get(url, {"q": "halkbekämpning borlänge"})) == {}
