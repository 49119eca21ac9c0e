"""Every page type passes the W3C Nu HTML checker (vnu) with zero errors.

The pages are rendered by the test client from the seed story, written to files, and checked
in one run of the checker (one JVM start for all of them). The checker is installed by
`make test` (npm, package.json) and runs on Debian's Java; without it this test fails rather
than skips, so a machine that cannot check HTML is noticed.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from pages.models import Page
from statements.models import Claim, Speaker, Topic

pytestmark = pytest.mark.django_db

NU_CHECKER = Path(__file__).resolve().parent.parent / "node_modules/vnu-jar/build/dist/vnu.jar"


def nu_errors(pages: dict[str, bytes], directory: Path) -> dict[str, list[str]]:
    """The checker's error messages for each page, by name."""
    java = shutil.which("java")
    assert java, "Java is missing: install Debian's default-jre-headless (see .ci/run)."
    assert NU_CHECKER.is_file(), "The Nu HTML checker is missing: run `make test` (npm ci)."
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = directory / f"page-{number}.html"
        path.write_bytes(html)
        files[str(path)] = name
    result = subprocess.run(
        [java, "-jar", str(NU_CHECKER), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report = json.loads(result.stderr)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        # The checker names a file as file:/tmp/…; anything else it reports is about the run.
        name = files.get(message.get("url", "").removeprefix("file:"), "(checker)")
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} [{message.get('extract', '')}]"
        )
    return errors


@pytest.fixture
def every_page_type(seed_story):
    """One address of each kind of public page, with data on it."""
    Page.objects.update_or_create(
        slug="about", defaults={"title": "About us", "body": "Who we are.\n\n- a list"}
    )
    Page.objects.update_or_create(
        slug="funding",
        defaults={
            "title": "Funding",
            "body": "## Who pays\n\n| Funder | Share |\n|:--|--:|\n| Readers | 60% |\n\n"
            "[Our accounts](https://example.org/accounts)",
        },
    )
    claim = Claim.objects.published().first()
    speaker = Speaker.objects.public().first()
    topic = Topic.objects.public().first()
    return [
        "/",
        "/claims/",
        "/claims/?published_after=2019-13-45&rating=nope&sort=sideways",
        claim.get_absolute_url(),
        f"/embed/claims/{claim.slug}/",
        "/speakers/",
        speaker.get_absolute_url(),
        "/topics/",
        topic.get_absolute_url(),
        "/corrections/",
        "/search/?q=Kashmir",
        "/search/?q=",
        "/about/",
        "/about/funding/",
        "/methodology/",
        "/submit/",
        "/submit/thanks/",
        "/no-such-page/",
        # Hindi and Urdu (right to left): the same templates with lang, dir and translations.
        f"/hi{claim.get_absolute_url()}",
        f"/ur{claim.get_absolute_url()}",
        "/ur/",
        "/hi/claims/?published_after=2019-13-45&rating=nope&sort=sideways",
        f"/ur{speaker.get_absolute_url()}",
        "/hi/methodology/",
        "/ur/submit/",
    ]


def test_every_page_type_has_no_nu_checker_errors(every_page_type, tmp_path):
    client = Client()
    pages = {}
    for path in every_page_type:
        response = client.get(path)
        # 400: a list page with a filter value it does not understand (docs/site.md).
        assert response.status_code in (200, 400, 404), path
        pages[path] = response.content

    assert nu_errors(pages, tmp_path) == {}


def test_the_checker_does_find_errors(tmp_path):
    """The test above could pass by checking nothing: a known-bad page must be reported."""
    bad = (
        b'<!doctype html><html lang="en"><title>x</title>'
        b'<time datetime="2019-07-24T10:00:00.123456+00:00">x</time>'
    )

    errors = nu_errors({"bad": bad}, tmp_path)

    assert list(errors) == ["bad"]
    assert "fraction of a second" in errors["bad"][0]
