"""
The claim change log behind `/api/v1/changes/`.

Every insert, update and delete on a table whose rows a claim's public document shows appends
one row per affected claim to `ClaimChange`. The rows are written by database triggers, not by
Django signals, so that no code path can forget them: admin forms, services, `QuerySet.update()`,
`bulk_create()`, cascading deletes, `loaddata` and raw SQL all go through the same triggers.

`TRACKED_TABLES` is the one list of what a claim shows. A test walks the models of this app and
fails if one that a claim reaches is missing, and another checks the triggers are installed.

The triggers are (re)installed after every `migrate` (see `StatementsConfig.ready` and
`factcheck/dbtriggers.py`, which installs the public cache's triggers the same way), so a table
added to the list gets its trigger without a migration of its own. On SQLite they are also
dropped before `migrate`: altering a table there rebuilds it, which a trigger on a neighbouring
table breaks and which silently drops the table's own triggers. PostgreSQL keeps them through
`ALTER TABLE`, so there they stay in place and log what data migrations change.
"""

from collections.abc import Callable

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from factcheck.dbtriggers import Builder, TriggerFamily

LOG_TABLE = "statements_claimchange"

_STANCES_OF_STATEMENTS = (
    "SELECT stance.claim_id AS claim_id FROM statements_stance stance "
    "JOIN statements_statement statement ON statement.id = stance.statement_id WHERE "
)

# For each table: SQL selecting the ids of the claims that a row ({row} is NEW or OLD) shows in.
TRACKED_TABLES: dict[str, str] = {
    "statements_claim": "SELECT {row}.id AS claim_id",
    "statements_claim_topics": "SELECT {row}.claim_id AS claim_id",
    "statements_stance": "SELECT {row}.claim_id AS claim_id",
    "statements_verdict": "SELECT {row}.claim_id AS claim_id",
    "statements_claimtranslation": "SELECT {row}.claim_id AS claim_id",
    "statements_evidence": "SELECT claim_id FROM statements_verdict WHERE id = {row}.verdict_id",
    "statements_correction": "SELECT claim_id FROM statements_verdict WHERE id = {row}.verdict_id",
    "statements_statement": "SELECT claim_id FROM statements_stance WHERE statement_id = {row}.id",
    "statements_speaker": _STANCES_OF_STATEMENTS
    + "statement.speaker_id = {row}.id OR statement.speaking_for_id = {row}.id",
    "statements_source": _STANCES_OF_STATEMENTS  # noqa: S608 - constants  # nosec B608
    + "statement.source_id = {row}.id UNION SELECT verdict.claim_id FROM statements_verdict "
    "verdict JOIN statements_evidence evidence ON evidence.verdict_id = verdict.id "
    "WHERE evidence.source_id = {row}.id",
    "statements_topic": "SELECT claim_id FROM statements_claim_topics WHERE topic_id = {row}.id",
    # A rating change also changes the scale every ClaimReview is rated on: log it once with
    # no claim, so that Last-Modified moves even when no claim carries that rating.
    "statements_rating": (
        "SELECT claim_id FROM statements_verdict WHERE rating_id = {row}.id "
        "UNION ALL SELECT NULL AS claim_id"
    ),
}


class ClaimChange(models.Model):
    """One change to a claim, or to something its public document shows. Written by triggers."""

    claim_id = models.BigIntegerField(
        _("claim id"),
        null=True,
        db_index=True,
        help_text=_(
            "Not a foreign key: the log outlives deleted claims. Empty for a scale change."
        ),
    )
    changed_at = models.DateTimeField(_("changed at"), db_index=True)
    was_published = models.BooleanField(
        _("published before"),
        default=False,
        help_text=_(
            "The claim had been published when this change was logged, so a mirror may hold "
            "it: only such claims get a tombstone when they are deleted."
        ),
    )

    class Meta:
        app_label = "statements"
        ordering = ["id"]
        # /changes/ asks, for each row it walks, whether the claim has a later one.
        indexes = [models.Index(fields=["claim_id", "id"], name="claimchange_claim_later")]
        verbose_name = _("claim change")
        verbose_name_plural = _("claim changes")

    def __str__(self) -> str:
        return f"#{self.pk}: claim {self.claim_id} at {self.changed_at:%Y-%m-%d %H:%M:%S}"

    def get_absolute_url(self) -> str:
        """The /changes/ page that starts with this change."""
        return f"{reverse('api-v1:changes')}?since={self.pk - 1}"


def _insert(select: str, now: str) -> str:
    return (
        f"INSERT INTO {LOG_TABLE} (claim_id, changed_at, was_published) "  # noqa: S608  # nosec B608
        f"SELECT DISTINCT affected.claim_id, {now}, EXISTS (SELECT 1 FROM statements_claim "
        "claim WHERE claim.id = affected.claim_id AND claim.published_at IS NOT NULL) "
        f"FROM ({select}) AS affected"
    )


def _postgresql(table: str, select: str) -> list[str]:
    name = TRIGGERS.name(table)
    new, old = select.format(row="NEW"), select.format(row="OLD")
    now = "clock_timestamp()"
    return [
        f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                {_insert(new, now)};
            ELSIF TG_OP = 'DELETE' THEN
                {_insert(old, now)};
            ELSE
                {_insert(f"{old} UNION {new}", now)};
            END IF;
            RETURN NULL;
        END
        $$
        """,
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def _sqlite(table: str, select: str) -> list[str]:
    name = TRIGGERS.name(table)
    new, old = select.format(row="NEW"), select.format(row="OLD")
    # The text format Django's SQLite backend stores datetimes in (UTC), to the microsecond:
    # SQLite's %f gives milliseconds (SS.SSS), and a shorter string would compare out of order
    # with the cursors Django writes.
    now = "strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'"
    statements = []
    for event, rows in (("INSERT", new), ("DELETE", old), ("UPDATE", f"{old} UNION {new}")):
        trigger = f"{name}_{event.lower()}"
        statements += [
            f"DROP TRIGGER IF EXISTS {trigger}",
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW "
            f"BEGIN {_insert(rows, now)}; END",
        ]
    return statements


def _every_tracked_table(build: Callable[[str, str], list[str]]) -> Builder:
    """The family's SQL: each tracked table's triggers, as `build` writes them for one."""
    return lambda: [
        (table, sql) for table, select in TRACKED_TABLES.items() for sql in build(table, select)
    ]


TRIGGERS = TriggerFamily(
    suffix="claimchange",
    what="change-log",
    tables=lambda: TRACKED_TABLES,
    builders={
        "postgresql": _every_tracked_table(_postgresql),
        "sqlite": _every_tracked_table(_sqlite),
    },
    target_table=LOG_TABLE,
    function_per_table=True,
)
# The names the migrations, apps.py and tests use. A table that does not exist yet is skipped:
# this runs from migrations with today's list, so an early migration must not reach for a
# table a later one creates; post_migrate installs its trigger once it exists.
install_triggers = TRIGGERS.install
uninstall_triggers = TRIGGERS.uninstall
installed_trigger_tables = TRIGGERS.installed_tables
reinstall_triggers_after_migrate = TRIGGERS.install_after_migrate
drop_sqlite_triggers_before_migrate = TRIGGERS.drop_sqlite_triggers_before_migrate
