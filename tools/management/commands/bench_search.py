"""The relevance benchmark of the search on the register in use: recall@10 and MRR@10
over the searches of tools/relevance.json, with what each search missed."""

from django.core.management.base import BaseCommand
from django.db import connection

from meetings.models import Attachment, Meeting
from tools import relevance


class Command(BaseCommand):
    help = (
        "Score the search on the demo register (load_demo --papers): recall@10 and MRR "
        "over the searches of tools/relevance.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--verbose-misses", action="store_true", help="list every miss")
        parser.add_argument(
            "--plain",
            action="store_true",
            help="without the compounds and near spellings, to measure what they add",
        )
        parser.add_argument(
            "--config",
            help="PostgreSQL: the text search configuration the searched words are read by "
            "(the register's vectors must be written with it too)",
        )

    def handle(self, *args, verbose_misses: bool = False, plain=False, config=None, **options):
        from meetings import search

        expand, read_by = search.EXPAND, search.CONFIG
        search.EXPAND = not plain
        search.CONFIG = config or read_by
        try:
            self.report(verbose_misses)
        finally:
            search.EXPAND, search.CONFIG = expand, read_by

    def report(self, verbose_misses: bool) -> None:
        if not Meeting.objects.filter(forum__code="VFR", date="2020-03-11").exists():
            self.stderr.write("The demo register is not loaded: run manage.py load_demo --papers.")
        elif not Attachment.objects.filter(extracted_text__isnull=False).exists():
            self.stderr.write(
                "No attachment's text is read: run load_demo --papers and "
                "extract_attachment_texts (or the worker) for the attachments' searches."
            )
        benchmark = relevance.run()
        for scored in benchmark.scored:
            if scored.missed and (verbose_misses or scored.recall < 1):
                self.stdout.write(
                    f"  {scored.query!r}: {len(scored.ranks)}/{len(scored.expected)}, "
                    f"missed {', '.join(scored.missed)}"
                )
        self.stdout.write(
            f"{connection.vendor}: {len(benchmark.scored)} searches, "
            f"recall@10 {benchmark.recall_at_10:.3f}, MRR@10 {benchmark.mrr:.3f}, "
            f"median {benchmark.median_ms:.1f} ms a search"
        )
