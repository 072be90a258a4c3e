"""Time reading and parsing minutes files, so the one-second target per document is measured."""

import statistics
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.extract import ExtractionError, extract_text
from imports.forums import forum_resolver, principal_names
from imports.parser import parse_minutes


class Command(BaseCommand):
    help = (
        "Times text extraction (a child process for PDFs) and parsing of each file given, "
        "and prints the median and slowest of the runs in milliseconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Minutes files: .txt, .docx or .pdf.")
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, paths, repeat, **options):
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        resolve, principals = forum_resolver(), principal_names()
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
