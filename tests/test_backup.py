"""The restore drill of docs/operations.md, run for real: bin/backup, then bin/restore into a
new database and media directory, then every table's row count and checksum compared."""

import subprocess
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from .conftest import login_with_second_factor, postgres_only
from .factories import SpeakerFactory
from .test_deploy import ROOT

# Transactional: pg_dump sees only committed rows (conftest's _migrated_rows puts back the
# migrations' rows: groups, the rating scale, the transparency pages).
pytestmark = [postgres_only(), pytest.mark.django_db(transaction=True)]

TABLES = """
    SELECT quote_ident(table_name) FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
"""


def fingerprint(cursor) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of all its rows."""
    cursor.execute(TABLES)
    tables = [name for (name,) in cursor.fetchall()]
    result = {}
    for table in tables:
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
            f"FROM {table} t"
        )
        result[table] = cursor.fetchone()
    cursor.execute("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal")
    result["(triggers)"] = cursor.fetchone()
    return result


def url_for(name: str) -> str:
    settings = connection.settings_dict
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"


def test_a_backup_restores_every_table_and_every_upload(tmp_path, settings, make_claim):
    # Data on every face: the seed story, a claim with history and change log, a desk user
    # with a second factor, and an uploaded portrait.
    call_command("loaddata", "seed_story", verbosity=0)
    make_claim(statements=2)
    from django.test import Client

    from .factories import UserFactory

    login_with_second_factor(Client(), UserFactory(username="desk-editor", is_staff=True))
    media = tmp_path / "media"
    (media / "speakers").mkdir(parents=True)
    (media / "speakers" / "portrait.png").write_bytes(b"\x89PNG portrait bytes")
    SpeakerFactory(portrait="speakers/portrait.png")

    with connection.cursor() as cursor:
        before = fingerprint(cursor)
    assert before["statements_claim"][0] >= 3
    assert before["otp_totp_totpdevice"][0] == 1

    backup = tmp_path / "backup"
    env = {"DATABASE_URL": url_for(connection.settings_dict["NAME"]), "MEDIA_ROOT": str(media)}
    run([str(ROOT / "bin" / "backup"), str(backup)], env)

    restored_name = f"factcheck_restore_{uuid.uuid4().hex[:10]}"
    restored_media = tmp_path / "restored-media"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        run(
            [str(ROOT / "bin" / "restore"), str(backup)],
            {"DATABASE_URL": url_for(restored_name), "MEDIA_ROOT": str(restored_media)},
        )
        import psycopg2

        restored = psycopg2.connect(url_for(restored_name))
        try:
            with restored.cursor() as cursor:
                after = fingerprint(cursor)
        finally:
            restored.close()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')

    assert after == before
    assert (restored_media / "speakers" / "portrait.png").read_bytes() == b"\x89PNG portrait bytes"


def test_a_tampered_backup_is_refused(tmp_path):
    backup = tmp_path / "backup"
    media = tmp_path / "media"
    media.mkdir()
    env = {"DATABASE_URL": url_for(connection.settings_dict["NAME"]), "MEDIA_ROOT": str(media)}
    run([str(ROOT / "bin" / "backup"), str(backup)], env)
    with (backup / "database.dump").open("ab") as dump:
        dump.write(b"tampered")

    result = subprocess.run(
        [str(ROOT / "bin" / "restore"), str(backup)],
        env={**env, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "FAILED" in result.stdout + result.stderr


def run(command, env):
    result = subprocess.run(
        command,
        env={**env, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
