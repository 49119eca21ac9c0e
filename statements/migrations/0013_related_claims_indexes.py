"""Indexes for the claim page's "related claims": the claims most recently filed on a topic,
and a speaker's latest statements, each read in index order instead of sorted (docs/scaling.md)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0012_merge_20261202_0103"),
    ]

    operations = [
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
