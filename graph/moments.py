"""Where in its source a statement was said: the link the claim page gives readers."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.utils.translation import gettext_lazy as _

from statements.models import Statement
from statements.quotes import quote_span

# How many words of a long span a text fragment names at each end (textStart,textEnd).
FRAGMENT_WORDS = 5


@dataclass(frozen=True)
class Moment:
    url: str
    label: str


def clock(seconds: int) -> str:
    """754 → "12:34"; 3754 → "1:02:34"."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def _fragment_text(text: str) -> str:
    # Text fragments reserve "-", "," and "&"; quote() leaves "-" alone, so it is done here.
    return quote(text, safe="").replace("-", "%2D")


def text_fragment(span: str) -> str:
    """A URL text fragment (`#:~:text=`) that browsers scroll to and highlight."""
    words = span.split()
    if len(words) <= 2 * FRAGMENT_WORDS:
        return f"#:~:text={_fragment_text(' '.join(words))}"
    start, end = " ".join(words[:FRAGMENT_WORDS]), " ".join(words[-FRAGMENT_WORDS:])
    return f"#:~:text={_fragment_text(start)},{_fragment_text(end)}"


def statement_moment(statement: Statement) -> Moment | None:
    """A link to the moment in the source where the words were said, if the desk recorded
    one (or the quote check finds the words in the captured text); None otherwise."""
    source = statement.source
    if source is None or not source.url:
        return None
    address = source.url.split("#", 1)[0]
    if statement.media_start is not None:
        # W3C Media Fragments: players seek to the start and, given one, stop at the end.
        fragment = f"#t={statement.media_start}"
        label = _("Play from %(start)s") % {"start": clock(statement.media_start)}
        if statement.media_end is not None:
            fragment += f",{statement.media_end}"
            label = _("Play %(start)s–%(end)s") % {
                "start": clock(statement.media_start),
                "end": clock(statement.media_end),
            }
        return Moment(url=address + fragment, label=label)
    captured = source.captured_text
    if statement.text_start is not None and statement.text_end is not None:
        span = (statement.text_start, statement.text_end)
    else:
        span = quote_span(statement.text, captured)
    if span is None or not captured[span[0] : span[1]].strip():
        return None
    return Moment(
        url=address + text_fragment(captured[span[0] : span[1]]),
        label=_("Read it in the source"),
    )
