"""manage.py export_claims: every claim the API shows, as NDJSON or a ClaimReview DataFeed."""

import json
from functools import partial

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from statements.api.claimreview import data_feed_json, reviewable_claims
from statements.api.conditional import data_last_modified
from statements.api.serializers import ClaimDetailSerializer
from statements.api.views import claim_documents
from statements.jsonld import ScaleBounds, absolute_url

CHUNK = 200


class Progress:
    """A one-line progress bar on the command's stderr, redrawn in place."""

    def __init__(self, stream, total: int, enabled: bool):
        self.stream, self.total, self.enabled, self.done = stream, total, enabled, 0

    def step(self):
        self.done += 1
        if self.enabled and (self.done == self.total or self.done % 10 == 0):
            self.step_draw()

    def step_draw(self):
        width = 30
        filled = width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} claims", ending="")
        self.stream.flush()

    def finish(self):
        if self.enabled:
            self.stream.write("\n", ending="")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Write every published fact-check, streaming, as NDJSON (one API claim document a line) "
        "or as one schema.org ClaimReview DataFeed (JSON-LD)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", choices=["ndjson", "claimreview"], default="ndjson", dest="fmt"
        )
        parser.add_argument("--output", "-o", default="-", help="File to write; - for stdout.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, fmt: str, output: str, no_progress: bool, **options):
        to_stdout = output == "-"
        out = self.stdout if to_stdout else open(output, "w", encoding="utf-8")  # noqa: SIM115
        write = partial(out.write, ending="") if to_stdout else out.write
        try:
            claims = (claim_documents() if fmt == "ndjson" else reviewable_claims()).order_by(
                "published_at", "id"
            )
            progress = Progress(self.stderr, claims.count(), enabled=not no_progress)
            if fmt == "ndjson":
                self._ndjson(claims, write, progress)
            else:
                self._feed(claims, write, progress)
            progress.finish()
        finally:
            if not to_stdout:
                out.close()

    def _ndjson(self, claims, write, progress):
        for claim in claims.iterator(chunk_size=CHUNK):
            document = ClaimDetailSerializer(claim, context={"request": None}).data
            write(json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False) + "\n")
            progress.step()

    def _feed(self, claims, write, progress):
        # The API's streamed DataFeed, written piece by piece: memory stays flat.
        pieces = data_feed_json(
            claims,
            url=absolute_url(reverse("api-v1:claimreview-feed")),
            date_modified=data_last_modified(),
            scale=ScaleBounds.current(),
            each=progress.step,
        )
        for piece in pieces:
            write(piece)
        write("\n")
