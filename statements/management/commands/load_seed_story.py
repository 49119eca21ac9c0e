from django.core.management import call_command
from django.core.management.base import BaseCommand

from statements.models import Claim
from statements.services import history_baselines_record

SEED_FIXTURE = "seed_story"


class Command(BaseCommand):
    help = (
        "Load the seed story (fixtures/seed_story.json) into an empty database. "
        "Does nothing when claims already exist, unless --force is given; loading again "
        "updates the seed rows in place and never duplicates them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even if the database already holds claims (seed rows are overwritten).",
        )

    def handle(self, *args, force: bool = False, **options):
        verbosity = options["verbosity"]
        if Claim.objects.exists() and not force:
            if verbosity:
                self.stdout.write("Claims already exist; the seed story was not loaded.")
            return
        call_command("loaddata", SEED_FIXTURE, verbosity=verbosity)
        # Fixtures bypass the revision history: give each row its first revision.
        history_baselines_record()
        if verbosity:
            self.stdout.write(self.style.SUCCESS("Loaded the seed story."))
