"""manage.py import_claimreview FILE…: claims from another fact-checker's ClaimReview."""

from integrations.imports import claims_import, read_claimreview

from ._importing import ImportCommand


class Command(ImportCommand):
    help = (
        "Import schema.org ClaimReview from a DataFeed JSON file, a JSON-LD file, or saved HTML "
        "pages with JSON-LD, as draft claims. Running it again adds nothing."
    )

    def handle(self, *args, paths, dry_run, publish, **options):
        rows = [row for path in paths for row in read_claimreview(self.read([path]))]
        report = claims_import(
            rows=rows,
            origin="claimreview",
            reason="Imported from ClaimReview",
            publish=publish,
            dry_run=dry_run,
            progress=self.progress(len(rows)),
        )
        self.finish(report)
