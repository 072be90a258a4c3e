"""Reference data: the principals and the forums of the collaboration structure.

Written from the minutes of the forums; loaded by ``manage.py load_reference``.
"""

import datetime

from django.db import transaction
from django.utils.text import slugify

from council.models import Forum, ForumName, Principal, StandingItem

REGION = "Region Dalarna"
# Each municipality by the name used in speech and lists, and its name as a body: the
# genitive where Swedish takes one ("Falu kommun", "Säters kommun").
MUNICIPALITY_NAMES = [
    ("Avesta", "Avesta kommun"),
    ("Borlänge", "Borlänge kommun"),
    ("Falun", "Falu kommun"),
    ("Gagnef", "Gagnefs kommun"),
    ("Hedemora", "Hedemora kommun"),
    ("Leksand", "Leksands kommun"),
    ("Ludvika", "Ludvika kommun"),
    ("Malung-Sälen", "Malung-Sälens kommun"),
    ("Mora", "Mora kommun"),
    ("Orsa", "Orsa kommun"),
    ("Rättvik", "Rättviks kommun"),
    ("Smedjebacken", "Smedjebackens kommun"),
    ("Säter", "Säters kommun"),
    ("Vansbro", "Vansbro kommun"),
    ("Älvdalen", "Älvdalens kommun"),
]
MUNICIPALITIES = [short for short, _name in MUNICIPALITY_NAMES]

# (code, name, kind, chain level, parent code, other names)
FORUMS = [
    ("VFR", "Välfärdsrådet", Forum.Kind.COUNCIL, 4, None, []),
    (
        "LCHNV",
        "Länschefsnätverket",
        Forum.Kind.NETWORK,
        3,
        None,
        ["Länsnätverket för förvaltningschefer", "Chefsnätverket", "Länschefs nätverket", "CHNV"],
    ),
    ("SCHNV", "Socialchefsnätverket", Forum.Kind.NETWORK, 2, None, []),
    (
        "SG-LCHNV",
        "Styrgrupp LCHNV",
        Forum.Kind.STEERING_GROUP,
        1,
        "LCHNV",
        ["Styrgrupp CHNV", "Styrgruppen för Länschefsnätverket"],
    ),
    (
        "SG-GNV",
        "Styrgrupp god och nära vård",
        Forum.Kind.STEERING_GROUP,
        1,
        "LCHNV",
        ["Styrgrupp GNV", "Styrgrupp för god och nära vård"],
    ),
    ("SG-MVK", "Styrgrupp MVK", Forum.Kind.STEERING_GROUP, 1, None, ["Styrgruppen MVK"]),
    ("LPO-BU", "LPO Barn och unga", Forum.Kind.PROGRAMME_AREA, 1, "SG-LCHNV", []),
    (
        "LPO-RHF",
        "LPO Rehabilitering, habilitering och försäkringsmedicin",
        Forum.Kind.PROGRAMME_AREA,
        1,
        "SG-LCHNV",
        [],
    ),
    ("LPO-AH", "LPO Äldres hälsa", Forum.Kind.PROGRAMME_AREA, 1, "SG-LCHNV", ["LPO Äldre"]),
    ("LPO-PV", "LPO Primärvård", Forum.Kind.PROGRAMME_AREA, 1, "SG-LCHNV", ["LPO PV"]),
    (
        "AG-SUS",
        "Arbetsgrupp SUS",
        Forum.Kind.WORKING_GROUP,
        1,
        "SG-GNV",
        ["SUS-gruppen", "Arbetsgruppen SUS", "SUS-arbetsgrupp"],
    ),
]

# The last day a former name was the forum's name, where the minutes tell: the meetings
# until then are shown under it. The minutes of 2020 are headed "Länsnätverket för
# förvaltningschefer"; those of April 2021 add "(Länschefs nätverket, LCHNV)", the name the
# forum has had since. The minutes do not date the change: the register takes the turn
# of the year. The other names are spellings the minutes use, to recognise the forum.
USED_UNTIL = {"Länsnätverket för förvaltningschefer": datetime.date(2020, 12, 31)}

# Chefsnätverket decided 2020-05-08 (item 10) that Styrgrupp GNV has a standing
# item on the agendas of Chefsnätverket and Välfärdsrådet.
STANDING_ITEMS = [
    ("LCHNV", "Rapport från Styrgrupp god och nära vård", "SG-GNV"),
    ("VFR", "Rapport från Styrgrupp god och nära vård", "SG-GNV"),
]


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Create or update the reference rows; safe to run any number of times."""
    created = {"principals": 0, "forums": 0}
    principal_rows = [(REGION, REGION, Principal.Kind.REGION)] + [
        (name, short, Principal.Kind.MUNICIPALITY) for short, name in MUNICIPALITY_NAMES
    ]
    for position, (name, short_name, kind) in enumerate(principal_rows):
        _, was_created = Principal.objects.update_or_create(
            short_name=short_name,
            defaults={
                "name": name,
                "kind": kind,
                "position": position,
                "slug": slugify(short_name),
            },
        )
        created["principals"] += was_created

    forums: dict[str, Forum] = {}
    for code, name, kind, level, parent_code, other_names in FORUMS:
        forum, was_created = Forum.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "chain_level": level,
                "parent": forums.get(parent_code) if parent_code else None,
            },
        )
        forums[code] = forum
        created["forums"] += was_created
        for other in other_names:
            defaults: dict[str, object] = {"forum": forum}
            if other in USED_UNTIL:
                defaults["used_until"] = USED_UNTIL[other]
            ForumName.objects.update_or_create(name=other, defaults=defaults)

    for position, (code, title, responsible) in enumerate(STANDING_ITEMS):
        StandingItem.objects.update_or_create(
            forum=forums[code],
            title=title,
            defaults={"responsible": forums[responsible], "position": position},
        )
    return created
