"""Indexes read in order instead of sorting: for the claim page's "related claims", the claims
most recently filed on a topic and a speaker's latest statements; for the API list and the
DataFeed, published claims newest first without walking past the drafts (docs/scaling.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0012_merge_20261202_0103"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="claim_published_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(fields=["speaker", "-id"], name="statement_speaker_latest"),
        ),
        # The topics' join table is Django's own (a ManyToManyField without `through`), so its
        # index is plain SQL, the same on PostgreSQL and SQLite.
        migrations.RunSQL(
            "CREATE INDEX claim_topic_latest ON statements_claim_topics (topic_id, claim_id DESC)",
            "DROP INDEX claim_topic_latest",
        ),
    ]
