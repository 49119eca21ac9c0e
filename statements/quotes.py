"""Comparing a quote with the captured text of its source."""

import re
import unicodedata

# Straight and curly, single and double: sources and fact-checkers use them interchangeably.
QUOTE_MARKS = re.compile(r"[\"'“”‘’„‟‚‛«»‹›`´]")
WHITESPACE = re.compile(r"\s+")


def normalise_quote(text: str) -> str:
    """The text with case, quote marks and runs of whitespace folded away."""
    text = unicodedata.normalize("NFKC", text)
    text = QUOTE_MARKS.sub("", text)
    return WHITESPACE.sub(" ", text).strip().casefold()


def quote_appears_in(quote: str, captured_text: str) -> bool:
    """Whether `quote` appears word for word in `captured_text`, ignoring the differences above."""
    needle = normalise_quote(quote).rstrip(".")
    return bool(needle) and needle in normalise_quote(captured_text)


def quote_span(quote: str, captured_text: str) -> tuple[int, int] | None:
    """Where `quote` is in `captured_text`, as character offsets into it; None if not there.

    The same tolerance as `quote_appears_in`: case, quote marks and spacing may differ.
    """
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", quote))
    if not words:
        return None
    between = r"[\W_]+"
    pattern = re.compile(between.join(re.escape(word) for word in words), re.IGNORECASE)
    match = pattern.search(captured_text)
    return (match.start(), match.end()) if match else None
