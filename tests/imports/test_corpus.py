"""The minutes of the corpus read as their hand-checked transcriptions.

`tests/fixtures/corpus/` holds minutes written for these tests in the layouts secretaries
have used from 2015 to 2026 (Word files with real paragraphs, tables, automatic numbering,
content controls and text boxes; PDFs with page furniture and hyphenation; text in every
numbering style), each beside its truth in the seeds' schema.
"""

import json

import pytest

from imports.parser import parse_minutes
from tests.conftest import FIXTURES
from tests.imports.test_parser import RESOLVE
from tools.evaluation import HEADER_FIELDS, score

# The corpus tests share one extraction of each document (the corpus_text fixture):
# run on one test process, the PDFs are read once.
pytestmark = pytest.mark.xdist_group("corpus")

CORPUS = FIXTURES / "corpus"
DOCUMENTS = sorted(path for path in CORPUS.iterdir() if path.suffix in {".txt", ".docx", ".pdf"})
PRINCIPALS = [
    "Region Dalarna",
    *(
        f"{name}{suffix}"
        for name in [
            "Avesta",
            "Borlänge",
            "Falun",
            "Gagnef",
            "Hedemora",
            "Leksand",
            "Ludvika",
            "Malung-Sälen",
            "Mora",
            "Orsa",
            "Rättvik",
            "Smedjebacken",
            "Säter",
            "Vansbro",
            "Älvdalen",
        ]
        for suffix in ("", " kommun")
    ),
]


@pytest.fixture(scope="module")
def readings(corpus_text) -> dict:
    """Each document read once: its extraction and parse are shared by the tests."""
    return {
        path.name: parse_minutes(corpus_text(path), resolve_forum=RESOLVE, principals=PRINCIPALS)
        for path in DOCUMENTS
    }


def test_the_corpus_has_every_kind_of_file_forum_and_year():
    truths = [json.loads(p.with_suffix(".json").read_text(encoding="utf-8")) for p in DOCUMENTS]
    assert len(DOCUMENTS) >= 16
    assert {p.suffix for p in DOCUMENTS} == {".txt", ".docx", ".pdf"}
    assert {t["forum"] for t in truths} >= {
        "Välfärdsrådet",
        "Länschefsnätverket",
        "Socialchefsnätverket",
    }
    years = {int(t["date"][:4]) for t in truths}
    assert min(years) <= 2016 and max(years) >= 2025


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_each_document_reads_at_least_98_percent_exact(readings, path):
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))

    result = score(readings[path.name].as_json(), truth)

    misses = [(m.unit, m.item, m.name, m.got, m.want) for m in result.misses]
    assert result.ratio >= 0.98, misses


def test_the_corpus_reads_exactly_as_transcribed(readings, capsys):
    exact = total = 0
    wrong_header = 0
    for path in DOCUMENTS:
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        result = score(readings[path.name].as_json(), truth)
        exact, total = exact + result.exact, total + result.total
        wrong_header += sum(1 for m in result.misses if m.unit == "header")
    with capsys.disabled():
        print(f"\nCorpus: {exact}/{total} units exact = {exact / total:.1%}")
    assert total > len(DOCUMENTS) * (len(HEADER_FIELDS) + 15)
    assert exact / total >= 0.99
    assert wrong_header == 0
