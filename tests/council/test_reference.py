import pytest

from council.models import Forum, Principal
from council.reference import load_reference_data


def test_sixteen_principals_region_first(reference):
    principals = list(Principal.objects.all())
    assert len(principals) == 16
    assert principals[0].short_name == "Region Dalarna"
    assert principals[0].kind == "region"
    assert {p.kind for p in principals[1:]} == {"municipality"}
    assert principals[-1].short_name == "Älvdalen"


def test_reference_data_is_idempotent(reference):
    before = (Principal.objects.count(), Forum.objects.count())
    assert load_reference_data() == {"principals": 0, "forums": 0}
    assert (Principal.objects.count(), Forum.objects.count()) == before


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Chefsnätverket", "LCHNV"),
        ("Länsnätverket för förvaltningschefer", "LCHNV"),
        ("LÄNSCHEFS   NÄTVERKET", "LCHNV"),
        ("Välfärdsrådet", "VFR"),
        ("Styrgrupp GNV", "SG-GNV"),
        ("LPO Äldre", "LPO-AH"),
        ("schnv", "SCHNV"),
    ],
)
def test_forums_resolve_by_any_name_they_have_had(reference, name, code):
    assert Forum.objects.resolve(name).code == code


def test_unknown_forum_resolves_to_nothing(reference):
    assert Forum.objects.resolve("Kommunförbundet") is None
    assert Forum.objects.resolve("  ") is None


def test_chain_levels_rise_towards_the_council(reference):
    level = {f.code: f.chain_level for f in Forum.objects.all()}
    assert level["SCHNV"] < level["LCHNV"] < level["VFR"]
    assert Forum.objects.get(code="SG-GNV").standing_items.count() == 0
    assert Forum.objects.get(code="VFR").standing_items.get().responsible.code == "SG-GNV"
