"""What import_liar and import_claimreview share: options, progress bar and report."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from integrations.imports import ImportReport


class ImportCommand(BaseCommand):
    origin = ""

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="Files to import.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check everything; write nothing."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the imported claims at once (default: import them as drafts).",
        )

    def read(self, paths: list[Path]) -> str:
        try:
            return "".join(path.read_text(encoding="utf-8") for path in paths)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read the file: {error}") from None

    def progress(self, total: int):
        """A progress bar on a terminal; silent in logs and tests."""
        if not sys.stderr.isatty():
            return None

        def show(done: int) -> None:
            width = 40
            filled = width * done // max(total, 1)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()

        return show

    def finish(self, report: ImportReport) -> None:
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} bad rows; nothing was imported.")
