"""Enables pg_trgm for the duplicate-claim warning. Does nothing on SQLite.

Creating an extension needs a role allowed to do so; where the application's role is not,
a database administrator runs `CREATE EXTENSION pg_trgm;` once before migrating.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("statements", "0005_desk_roles")]

    operations = [TrigramExtension()]
