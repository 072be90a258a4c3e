import datetime

import pytest

from agreements.models import Agreement, add_months

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2021, 11, 30), -3, D(2021, 8, 30)),
        (D(2021, 5, 31), -3, D(2021, 2, 28)),
        (D(2020, 12, 31), 2, D(2021, 2, 28)),
        (D(2020, 1, 31), 1, D(2020, 2, 29)),
    ],
)
def test_add_months_clamps_to_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.fixture
def tn(db):
    return Agreement.objects.create(
        short_name="TN-platser",
        title="Avtal om tillnyktringsverksamhet",
        valid_from=D(2020, 12, 1),
        valid_until=D(2021, 11, 30),
        notice_months=6,
    )


def test_expiry_window_edges(tn):
    assert not Agreement.objects.expiring_within(30, today=D(2021, 12, 1)).exists()  # ended
    assert list(Agreement.objects.expiring_within(30, today=D(2021, 10, 31))) == [tn]
    assert not Agreement.objects.expiring_within(30, today=D(2021, 10, 30)).exists()


def test_notice_deadline(tn):
    assert tn.notice_deadline() == D(2021, 5, 30)


def test_until_further_notice_never_expires(db):
    open_ended = Agreement.objects.create(
        short_name="Hemsjukvård", title="Hemsjukvårdsavtalet", until_further_notice=True
    )
    assert open_ended.is_in_force(today=D(2040, 1, 1))
    assert not Agreement.objects.expiring_within(365 * 10, today=D(2040, 1, 1)).exists()
    assert open_ended.notice_deadline() is None


def test_replaced_agreement_is_not_in_force(tn):
    tn.status = Agreement.Status.REPLACED
    tn.save()
    assert not tn.is_in_force(today=D(2021, 1, 1))
    assert not Agreement.objects.in_force(today=D(2021, 1, 1)).exists()
