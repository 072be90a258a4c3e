"""A forum by the name it had on the meeting's date: on old minutes, their print and
Word file, in the chain and in the lists, from former names with the last day each was
used."""

import datetime
import io

import docx
import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from council.models import Forum, ForumName, ForumNames, name_on
from council.reference import USED_UNTIL
from meetings.models import Case, Decision, Meeting
from register import selectors
from tests.register.test_lists import main_text, rows_of

D = datetime.date
OLD = "Länsnätverket för förvaltningschefer"


def test_the_name_on_a_day_is_the_former_name_then_in_use():
    former = [(D(2015, 12, 31), "Nätverket"), (D(2020, 12, 31), OLD), (None, "Chefsnätverket")]
    assert name_on("Länschefsnätverket", former, D(2014, 5, 1)) == "Nätverket"
    assert name_on("Länschefsnätverket", former, D(2015, 12, 31)) == "Nätverket"
    assert name_on("Länschefsnätverket", former, D(2016, 1, 1)) == OLD
    assert name_on("Länschefsnätverket", former, D(2020, 12, 31)) == OLD
    assert name_on("Länschefsnätverket", former, D(2021, 1, 1)) == "Länschefsnätverket"
    # A spelling without a date is never shown; without a day, today's name.
    assert name_on("Länschefsnätverket", former[2:], D(2010, 1, 1)) == "Länschefsnätverket"
    assert name_on("Länschefsnätverket", former, None) == "Länschefsnätverket"


def test_the_reference_dates_the_former_name_of_lanschefsnatverket(reference):
    former = ForumName.objects.get(name=OLD)
    assert former.forum.code == "LCHNV" and former.used_until == USED_UNTIL[OLD]
    lchnv = Forum.objects.prefetch_related("former_names").get(code="LCHNV")
    assert lchnv.name_on(D(2020, 5, 8)) == OLD
    assert lchnv.name_on(D(2021, 4, 16)) == "Länschefsnätverket"
    # Spellings of the minutes still recognise the forum.
    assert Forum.objects.resolve("Chefsnätverket") == lchnv


def test_every_forums_names_are_read_once(reference, django_assert_num_queries):
    with django_assert_num_queries(1):
        names = ForumNames()
    lchnv = Forum.objects.get(code="LCHNV")
    assert names.name(lchnv.pk, D(2020, 5, 8)) == OLD
    assert names.name(lchnv.pk, D(2021, 4, 16)) == names.name(lchnv.pk) == "Länschefsnätverket"
    assert names.code(lchnv.pk) == "LCHNV"


@pytest.fixture
def minutes_2020(demo) -> Meeting:
    return Meeting.objects.get(forum__code="LCHNV", date=D(2020, 5, 8))


def test_the_minutes_of_2020_are_headed_by_the_name_of_2020(client, minutes_2020):
    page = client.get(reverse("meeting_detail", args=[minutes_2020.pk]))
    text = main_text(page)
    assert f"{OLD} Heter numera Länschefsnätverket" in text
    assert f"{OLD} beslutade" in text
    assert f"<title>{OLD} 8 maj 2020" in page.content.decode()
    later = Meeting.objects.get(forum__code="LCHNV", date=D(2021, 4, 16))
    text = main_text(client.get(reverse("meeting_detail", args=[later.pk])))
    assert "Länschefsnätverket beslutade" in text and "Heter numera" not in text

    printed = client.get(reverse("meeting_print", args=[minutes_2020.pk])).content.decode()
    assert f"<h1>{OLD}</h1>" in printed and f"{OLD} beslutade" in printed

    word = client.get(reverse("meeting_docx", args=[minutes_2020.pk]))
    document = docx.Document(io.BytesIO(word.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert OLD in paragraphs and f"{OLD} beslutade:" in paragraphs
    assert document.core_properties.title.startswith(f"Minnesanteckningar {OLD}")


def test_an_answer_names_the_forum_as_it_was_called(client, minutes_2020):
    later = Meeting.objects.get(forum__code="LCHNV", date=D(2021, 4, 16))
    answer = Decision.objects.filter(item__meeting=later).order_by("item__position").last()
    answer.answers = Decision.objects.filter(item__meeting=minutes_2020, item__number="8").first()
    answer.save()
    page = main_text(client.get(reverse("meeting_detail", args=[later.pk])))
    assert f"Svarar på: {OLD} 8 maj 2020, p. 8" in page


def test_the_chain_and_the_lists_name_the_forum_as_it_was_called(client, demo):
    case = Case.objects.get(title__startswith="Tillnyktringsplatser")
    chain = selectors.case_chain(AnonymousUser(), case)
    assert [(item.forum_name, item.date) for item in chain.items] == [
        ("Välfärdsrådet", D(2020, 3, 11)),
        (OLD, D(2020, 5, 8)),
        ("Länschefsnätverket", D(2021, 4, 16)),
    ]
    # The VFR item is answered by the forum under its name of May 2020.
    assert chain.items[0].decisions[0].answered_by[0].label == f"{OLD} 8 maj 2020, p. 8"

    meetings = rows_of(client.get(reverse("meeting_list")), "meeting-list")
    assert OLD in meetings[2] and "Länschefsnätverket" in meetings[1]
    decisions = main_text(client.get(reverse("decision_list"), {"forum": "LCHNV", "year": "2020"}))
    assert OLD in decisions and "Länschefsnätverket ·" not in decisions
    home = selectors.home_lists(AnonymousUser(), D(2022, 10, 1))
    assert f"{OLD} 8 maj 2020" in [m["label"] for m in home["latest_meetings"]]
