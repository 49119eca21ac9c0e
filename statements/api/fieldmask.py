"""
Google's partial responses: `fields=claims(text,claimReview/url),nextPageToken`.

The syntax is Google's (https://cloud.google.com/apis/docs/system-parameters): a comma-separated
list of paths; `a/b` selects `b` inside `a`; `a(b,c)` selects several fields inside `a`; `*`
selects everything at its level. Lists are walked through, so `claims/text` keeps the text of
every claim. Unknown names are an error, as at Google, so a typo does not look like "no data".
"""

import re
from typing import Any

Mask = dict[str, "Mask | None"]  # None: the whole value
TOKEN = re.compile(r"\s*([A-Za-z_$][\w$.]*|\*|[(),/])")


class FieldMaskError(ValueError):
    """The mask does not parse, or names a field the response cannot hold."""


def parse(text: str) -> Mask:
    tokens = _tokens(text)
    mask, position = _list(tokens, 0)
    if position != len(tokens):
        raise FieldMaskError(f"unexpected {tokens[position]!r}")
    return mask


def _tokens(text: str) -> list[str]:
    tokens, position = [], 0
    text = text.strip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None:
            raise FieldMaskError(f"unexpected {text[position]!r}")
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def _list(tokens: list[str], position: int) -> tuple[Mask, int]:
    mask: Mask = {}
    while True:
        position = _item(tokens, position, mask)
        if position < len(tokens) and tokens[position] == ",":
            position += 1
            continue
        return mask, position


def _item(tokens: list[str], position: int, into: Mask) -> int:
    names = []
    while True:
        if position >= len(tokens) or tokens[position] in "(),/":
            raise FieldMaskError("a field name is missing")
        names.append(tokens[position])
        position += 1
        if position < len(tokens) and tokens[position] == "/":
            position += 1
            continue
        break
    sub: Mask | None = None
    if position < len(tokens) and tokens[position] == "(":
        sub, position = _list(tokens, position + 1)
        if position >= len(tokens) or tokens[position] != ")":
            raise FieldMaskError("a ')' is missing")
        position += 1
    for name in reversed(names[1:]):
        sub = {name: sub}
    _merge(into, names[0], sub)
    return position


def _merge(into: Mask, name: str, sub: "Mask | None") -> None:
    if (name in into and into[name] is None) or sub is None:
        into[name] = None
    elif name in into:
        for key, value in sub.items():
            _merge(into[name], key, value)
    else:
        into[name] = sub


def check(mask: Mask, shape: Mask) -> None:
    """Raise FieldMaskError for a name the response `shape` has no room for."""
    for name, sub in mask.items():
        if name == "*":
            continue
        if name not in shape:
            raise FieldMaskError(f"no field {name!r} here")
        if sub is not None:
            if shape[name] is None:
                raise FieldMaskError(f"{name!r} has no fields inside it")
            check(sub, shape[name])


def apply(value: Any, mask: Mask | None) -> Any:
    """`value` with only what `mask` selects."""
    if mask is None or ("*" in mask and len(mask) == 1):
        return value
    if isinstance(value, list):
        return [apply(item, mask) for item in value]
    if isinstance(value, dict):
        return {
            key: apply(item, mask.get(key, mask.get("*")))
            for key, item in value.items()
            if key in mask or "*" in mask
        }
    return value
