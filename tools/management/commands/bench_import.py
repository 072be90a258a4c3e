"""Time reading and parsing minutes, how the time grows with their length, and how exact
the reading is on a corpus with hand-checked transcriptions."""

import json
import random
import statistics
import time
import tracemalloc
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.extract import ExtractionError, extract_text
from imports.forums import forum_resolver, principal_names
from imports.parser import parse_minutes
from tools.evaluation import score, warned

TITLES = [
    "Samverkan kring utskrivning från sluten vård",
    "Länsgemensam handlingsplan för psykisk hälsa och suicidprevention",
    "Överenskommelse om hemsjukvård mellan kommunerna och regionen",
    "Rapport från LPO Barn och unga",
    "Kompetensförsörjning inom vård och omsorg",
    "Ekonomisk uppföljning av statsbidrag",
]
CLAUSES = [
    "att lägga informationen till handlingarna.",
    "att godkänna förslaget i enlighet med arbetsgruppens förslag.",
    "att ärendet skickas vidare för Välfärdsrådets ställningstagande.",
    "att ge Styrgruppen i uppdrag att återkomma med en plan för det fortsatta arbetet.",
    "att rekommendera kommunerna och regionen att anta överenskommelsen under "
    "förutsättning att samtliga parter fattar likalydande beslut.",
]
SENTENCES = [
    "Arbetsgruppen har sedan förra mötet sammanställt underlaget från kommunerna.",
    "Diskussion fördes om hur uppföljningen ska göras och vem som ansvarar för den.",
    "Flera kommuner framhöll behovet av en gemensam rutin för hela länet.",
    "Regionen redogjorde för läget inom primärvården och den nära vården.",
    "Frågan har tidigare behandlats på Socialchefsnätverkets möte 220826, p.4.",
]


def synthetic_minutes(size: int, seed: int = 1) -> str:
    """Minutes of about ``size`` characters: a header and as many items as fit, each
    with a presenter, wrapped discussion and a decision block, numbered in order."""
    rng = random.Random(seed)
    lines = [
        "Minnesanteckningar",
        "Länschefsnätverket",
        "Datum: 24 september 2021",
        "Tid: 9.00–12.00",
        "Plats: Teams",
        "Närvarande: Anna Andersson, Avesta, Bo Berg, Borlänge, Cecilia Carlsson, Falun",
        "",
    ]
    total = sum(len(line) + 1 for line in lines)
    number = 0
    while total < size:
        number += 1
        block = [f"{number}. {rng.choice(TITLES)}"]
        block.append("Föredragande: Tanja Mårtensson, avdelningschef RSS Dalarna")
        paragraph = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6)))
        words, line = paragraph.split(), ""
        for word in words:
            if len(line) + len(word) + 1 > 78:
                block.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        block.append(line)
        block.append("Länschefsnätverket beslutade:")
        block.extend(rng.sample(CLAUSES, rng.randint(1, 3)))
        block.append("")
        lines.extend(block)
        total += sum(len(text) + 1 for text in block)
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Times text extraction (a child process for PDFs) and parsing of each file given; "
        "with --sizes, the parsing of synthetic minutes of those lengths, to show how the "
        "time grows; with --corpus, how exact the reading is against each document's "
        "hand-checked transcription (<name>.json beside it) and how many of its errors "
        "carried a warning."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Minutes files: .txt, .docx or .pdf.")
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument(
            "--sizes",
            default="",
            help="Comma-separated lengths in characters, e.g. 30000,300000,3000000.",
        )
        parser.add_argument("--corpus", action="append", default=[], help="A folder of minutes.")

    def handle(self, *args, paths, repeat, sizes, corpus, **options):
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        if not (paths or sizes or corpus):
            raise CommandError("Give files, --sizes or --corpus.")
        resolve, principals = forum_resolver(), principal_names()
        if paths:
            self._files(paths, repeat, resolve, principals)
        if sizes:
            try:
                lengths = [int(part) for part in sizes.split(",") if part.strip()]
            except ValueError as error:
                raise CommandError("--sizes takes numbers of characters.") from error
            self._growth(lengths, repeat, resolve, principals)
        for folder in corpus:
            self._corpus(Path(folder), resolve, principals)

    def _files(self, paths, repeat, resolve, principals) -> None:
        self.stdout.write(f"{'file':<32} {'extract ms':>11} {'parse ms':>9} {'max ms':>8} items")
        for name in paths:
            path = Path(name)
            data = path.read_bytes()
            extract_ms, parse_ms, totals = [], [], []
            for _ in range(repeat):
                started = time.perf_counter()
                try:
                    text = extract_text(data=data, filename=path.name)
                except ExtractionError as error:
                    raise CommandError(f"{path}: {error}") from error
                extracted = time.perf_counter()
                parsed = parse_minutes(text, resolve_forum=resolve, principals=principals)
                done = time.perf_counter()
                extract_ms.append((extracted - started) * 1000)
                parse_ms.append((done - extracted) * 1000)
                totals.append((done - started) * 1000)
            self.stdout.write(
                f"{path.name:<32} {statistics.median(extract_ms):>11.1f} "
                f"{statistics.median(parse_ms):>9.1f} {max(totals):>8.1f} {len(parsed.items)}"
            )

    def _growth(self, lengths, repeat, resolve, principals) -> None:
        self.stdout.write(
            f"{'characters':>11} {'parse ms':>9} {'µs/char':>8} {'peak MiB':>9} {'items':>6}"
        )
        for length in lengths:
            text = synthetic_minutes(length)
            runs = []
            for _ in range(max(1, repeat if length <= 300_000 else 1)):
                started = time.perf_counter()
                parsed = parse_minutes(text, resolve_forum=resolve, principals=principals)
                runs.append(time.perf_counter() - started)
            tracemalloc.start()
            parse_minutes(text, resolve_forum=resolve, principals=principals)
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            median = statistics.median(runs)
            self.stdout.write(
                f"{len(text):>11} {median * 1000:>9.1f} {median * 1e6 / len(text):>8.2f} "
                f"{peak / 2**20:>9.1f} {len(parsed.items):>6}"
            )

    def _corpus(self, folder: Path, resolve, principals) -> None:
        documents = sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".docx", ".pdf"})
        if not documents:
            raise CommandError(f"No minutes in {folder}.")
        self.stdout.write(f"{'document':<40} {'exact':>11} {'share':>7} {'wrong':>6} {'warned':>7}")
        exact = total = wrong = flagged = 0
        shares = []
        for path in documents:
            truth_path = path.with_suffix(".json")
            if not truth_path.exists():
                continue
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            try:
                text = extract_text(data=path.read_bytes(), filename=path.name)
            except ExtractionError as error:
                self.stdout.write(f"{path.name:<40} {error}")
                continue
            parsed = parse_minutes(text, resolve_forum=resolve, principals=principals)
            result = score(parsed.as_json(), truth)
            told = sum(warned(miss, parsed.warnings) for miss in result.misses)
            exact, total = exact + result.exact, total + result.total
            wrong, flagged = wrong + len(result.misses), flagged + told
            shares.append(result.ratio)
            self.stdout.write(
                f"{path.name:<40} {result.exact:>5}/{result.total:<5} {result.ratio:>7.1%} "
                f"{len(result.misses):>6} {told:>7}"
            )
        if shares:
            self.stdout.write(
                f"{'all ' + str(len(shares)) + ' documents':<40} {exact:>5}/{total:<5} "
                f"{exact / total:>7.1%} {wrong:>6} {flagged:>7}"
                f"   lowest {min(shares):.1%}, mean {statistics.mean(shares):.1%}"
            )
