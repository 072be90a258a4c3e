"""bench_import: how the parsing grows with the length of minutes, and a row per file."""

from django.core.management import call_command

from tests.conftest import FIXTURES, SEED_NAMES


def test_bench_import_prints_growth_and_the_corpus_share(capsys, reference):
    call_command(
        "bench_import",
        "--sizes",
        "3000,30000",
        "--repeat",
        "1",
        "--corpus",
        str(FIXTURES / "seeds"),
    )
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].split()[:3] == ["characters", "parse", "ms"]
    # The synthetic minutes grow by their items.
    assert int(rows[2].split()[-1]) > 5 * int(rows[1].split()[-1])
    assert rows[3].split()[0] == "document"
    seeds = [row for row in rows if row.startswith(tuple(SEED_NAMES))]
    assert len(seeds) == 4 and all("100.0%" in row for row in seeds)
    assert rows[-1].startswith("all 4 documents")


def test_bench_import_prints_a_row_per_file(capsys, reference):
    call_command("bench_import", str(FIXTURES / "seeds" / "vfr-2020-03-11.txt"), "--repeat", "2")
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].split()[:3] == ["file", "extract", "ms"]
    assert rows[1].split()[0] == "vfr-2020-03-11.txt" and rows[1].split()[-1] == "9"
