"""manage.py refresh_search_words: rebuild the word list behind search's "did you mean"."""

from django.core.management.base import BaseCommand

from statements import search


class Command(BaseCommand):
    help = 'Rebuild the word list search uses for "did you mean" (PostgreSQL; daily is plenty).'

    def handle(self, *args, **options):
        search.refresh_words()
        self.stdout.write(self.style.SUCCESS("Search words refreshed."))
