"""
A lookup for AI assistants: a Model Context Protocol server (the official `mcp` SDK) with
read-only tools over the public data only, each answer linking back to our pages.

Started by `manage.py mcp_server` (stdio for an assistant on the same machine, streamable HTTP
on its own port for remote ones). Calls are rate-limited like the API's anonymous clients
(API_THROTTLE_ANON_RATE), counted per server process.
"""

import functools
import time
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError

from statements.jsonld import absolute_url
from statements.models import Claim, Speaker, Stance
from statements.record import rating_record
from statements.search import claims_matching

MAX_RESULTS = 25


class RateLimited(ToolError):
    """Too many calls: wait and try again (as the API's 429)."""


class _Limiter:
    """API_THROTTLE_ANON_RATE as a sliding window over this process's calls."""

    def __init__(self):
        self.calls: list[float] = []

    def check(self) -> None:
        from statements.api.throttling import AnonymousRateThrottle

        allowed, period = AnonymousRateThrottle().parse_rate(settings.API_THROTTLE_ANON_RATE)
        now = time.monotonic()
        self.calls = [t for t in self.calls if t > now - period]
        if len(self.calls) >= allowed:
            wait = int(self.calls[0] + period - now) + 1
            raise RateLimited(f"Rate limit reached: try again in {wait} seconds.")
        self.calls.append(now)


def _rating(claim: Claim) -> dict[str, Any] | None:
    verdict = getattr(claim, "verdict", None)
    if verdict is None or verdict.rating is None:
        return None
    return {"label": verdict.rating.label, "ordinal": verdict.rating.ordinal}


def _summary(claim: Claim) -> dict[str, Any]:
    verdict = getattr(claim, "verdict", None)
    return {
        "slug": claim.slug,
        "claim": claim.text,
        "rating": _rating(claim),
        "conclusion": verdict.conclusion if verdict else "",
        "published_at": claim.published_at.isoformat(),
        "url": absolute_url(claim.get_absolute_url()),
    }


def search_claims(query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Published fact-checks matching the words, newest first."""
    claims = claims_matching(
        Claim.objects.published().select_related("verdict__rating"), query
    ).order_by("-published_at", "-id")
    return [_summary(claim) for claim in claims[: max(1, min(limit, MAX_RESULTS))]]


def _statement(stance: Stance) -> dict[str, Any]:
    statement = stance.statement
    source = statement.source
    return {
        "speaker": statement.speaker.name,
        "speaker_url": absolute_url(statement.speaker.get_absolute_url()),
        "text": statement.text,
        "said_on": statement.said_on.isoformat(),
        "context": statement.context,
        "source": (
            {"title": source.title, "publisher": source.publisher, "url": source.url}
            if source
            else None
        ),
    }


def get_claim(slug: str) -> dict[str, Any]:
    """One published fact-check: the verdict, and both sides in the speakers' own words."""
    claim = (
        Claim.objects.published()
        .select_related("verdict__rating")
        .prefetch_related("verdict__corrections")
        .filter(slug=slug)
        .first()
    )
    if claim is None:
        raise ToolError(f"No published fact-check with the slug {slug!r}.")
    stances = list(
        claim.stances.select_related("statement__speaker", "statement__source").order_by(
            "statement__said_on", "statement__id"
        )
    )
    verdict = claim.verdict
    return {
        **_summary(claim),
        "analysis": verdict.analysis,
        "asserting": [_statement(s) for s in stances if s.stance == Stance.Kind.ASSERTS],
        "denying": [_statement(s) for s in stances if s.stance == Stance.Kind.DENIES],
        "context": [_statement(s) for s in stances if s.stance == Stance.Kind.CONTEXT],
        "corrections": [
            {"published_at": c.published_at.isoformat(), "text": c.text}
            for c in verdict.corrections.all()
        ],
    }


def speaker_record(slug: str) -> dict[str, Any]:
    """A speaker's rating record and their latest published fact-checks."""
    speaker = Speaker.objects.public().filter(slug=slug).first()
    if speaker is None:
        raise ToolError(f"No speaker with the slug {slug!r} on a published fact-check.")
    claims = (
        Claim.objects.published()
        .said_by(speaker)
        .select_related("verdict__rating")
        .order_by("-published_at", "-id")[:MAX_RESULTS]
    )
    return {
        "name": speaker.name,
        "role": speaker.role,
        "url": absolute_url(speaker.get_absolute_url()),
        "record": [
            {"rating": row.rating.label, "claims": row.count}
            for row in rating_record(speaker)
            if row.count
        ],
        "latest": [_summary(claim) for claim in claims],
    }


def build_server() -> MCPServer:
    """The MCP server and its three read-only tools."""
    limiter = _Limiter()
    server = MCPServer(
        name=f"{settings.SITE_NAME} fact-checks",
        instructions=(
            "Look up published fact-checks. Cite the `url` of every fact-check you use; "
            "quote the rating and conclusion as given."
        ),
        website_url=absolute_url("/"),
    )

    def tool(function):
        # The ORM is synchronous: each call runs in a worker thread, after the rate limit.
        @functools.wraps(function)
        async def call(*args, **kwargs):
            limiter.check()
            return await sync_to_async(function, thread_sensitive=True)(*args, **kwargs)

        return server.tool(structured_output=False)(call)

    tool(search_claims)
    tool(get_claim)
    tool(speaker_record)
    return server
