"""manage.py import_liar FILE.tsv…: claims from archives in the LIAR dataset's TSV layout."""

import datetime

from django.core.management.base import CommandError

from integrations.imports import claims_import, read_liar

from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import LIAR-layout TSV (id, label, statement, subjects, speaker, job, state, party, "
        "five counts, context) as draft claims. Running it again adds nothing."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--said-on",
            required=True,
            help="The date to give every statement (YYYY-MM-DD): LIAR files carry none.",
        )

    def handle(self, *args, paths, dry_run, publish, said_on, **options):
        try:
            date = datetime.date.fromisoformat(said_on)
        except ValueError:
            raise CommandError(f"--said-on must be a date (YYYY-MM-DD), not {said_on!r}.") from None
        rows = list(read_liar(self.read(paths), said_on=date))
        report = claims_import(
            rows=rows,
            origin="liar",
            reason="Imported from a LIAR archive",
            publish=publish,
            dry_run=dry_run,
            progress=self.progress(len(rows)),
        )
        self.finish(report)
