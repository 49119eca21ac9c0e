"""The MCP server, driven by the `mcp` SDK's own client over stdio: public data only, with
links back to our pages, and the API's rate limit."""

import os
import sys
from pathlib import Path

import anyio
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from mcp import Client
from mcp.client.stdio import StdioServerParameters

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
MODI = "modi-asked-trump-to-mediate-on-kashmir"


def server_parameters(**extra_env) -> StdioServerParameters:
    """`manage.py mcp_server` as an assistant starts it, on the test database."""
    db = django_settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        pytest.skip("the server process needs a database it can share: PostgreSQL")
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "SITE_URL": "https://factcheck.example.org",
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        **extra_env,
    }
    return StdioServerParameters(
        command=sys.executable, args=["manage.py", "mcp_server"], env=env, cwd=ROOT
    )


def call(tools: list[tuple[str, dict]], **extra_env):
    async def run():
        results = []
        async with Client(server_parameters(**extra_env)) as client:
            listed = await client.list_tools()
            for name, arguments in tools:
                results.append(await client.call_tool(name, arguments))
        return listed, results

    return anyio.run(run)


def text_of(result) -> str:
    return "".join(getattr(block, "text", "") for block in result.content)


def test_an_assistant_searches_gets_a_claim_and_a_speakers_record():
    call_command("loaddata", "seed_story", verbosity=0)

    listed, (found, claim, record, draft) = call(
        [
            ("search_claims", {"query": "Modi mediate"}),
            ("get_claim", {"slug": MODI}),
            ("speaker_record", {"slug": "donald-trump"}),
            ("search_claims", {"query": "draft"}),
        ]
    )

    assert sorted(tool.name for tool in listed.tools) == [
        "get_claim",
        "search_claims",
        "speaker_record",
    ]
    assert f"https://factcheck.example.org/claims/{MODI}/" in text_of(found)
    assert '"label": "False"' in text_of(found) or '"label":"False"' in text_of(found)
    body = text_of(claim)
    assert "Donald Trump" in body and "Raveesh Kumar" in body
    assert "no such request" in body.lower()
    assert "donald-trump" in text_of(record)
    from statements.models import Claim

    for unpublished in Claim.objects.exclude(status__in=Claim.PUBLIC_STATUSES):
        assert unpublished.slug not in text_of(draft)
        assert unpublished.text not in text_of(found)


def test_a_draft_is_not_found_and_the_rate_limit_applies():
    call_command("loaddata", "seed_story", verbosity=0)
    from statements.models import Claim

    draft = Claim.objects.exclude(status__in=Claim.PUBLIC_STATUSES).first()

    _, (missing, second, third) = call(
        [
            ("get_claim", {"slug": draft.slug}),
            ("search_claims", {"query": "Kashmir"}),
            ("search_claims", {"query": "Kashmir"}),
        ],
        API_THROTTLE_ANON_RATE="2/min",
    )

    assert missing.is_error and "No published fact-check" in text_of(missing)
    assert not second.is_error
    assert third.is_error and "Rate limit" in text_of(third)
