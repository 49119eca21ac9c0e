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


def parse(text: str, shape: "Mask | None" = None) -> Mask:
    """The mask `text` describes; with `shape`, each path is checked against it as it is read,
    before merging (in `claims,claims/x` the second path is as wrong as it would be alone)."""
    tokens = _tokens(text)
    mask, position = _list(tokens, 0, shape)
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


def _list(tokens: list[str], position: int, shape: "Mask | None") -> tuple[Mask, int]:
    mask: Mask = {}
    while True:
        position = _item(tokens, position, mask, shape)
        if position < len(tokens) and tokens[position] == ",":
            position += 1
            continue
        return mask, position


def _item(tokens: list[str], position: int, into: Mask, shape: "Mask | None") -> int:
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
    inner = _descend(names, shape)
    sub: Mask | None = None
    if position < len(tokens) and tokens[position] == "(":
        if shape is not None and inner is None:
            raise FieldMaskError(f"{names[-1]!r} has no fields inside it")
        sub, position = _list(tokens, position + 1, inner)
        if position >= len(tokens) or tokens[position] != ")":
            raise FieldMaskError("a ')' is missing")
        position += 1
    for name in reversed(names[1:]):
        sub = {name: sub}
    _merge(into, names[0], sub)
    return position


def _descend(names: list[str], shape: "Mask | None") -> "Mask | None":
    """The part of `shape` that the path `names` leads to (None: no shape to check against)."""
    if shape is None:
        return None
    for index, name in enumerate(names):
        if name == "*":
            if index != len(names) - 1:
                raise FieldMaskError("'*' selects everything; nothing goes inside it")
            return None
        if name not in shape:
            raise FieldMaskError(f"no field {name!r} here")
        if shape[name] is None and index != len(names) - 1:
            raise FieldMaskError(f"{name!r} has no fields inside it")
        shape = shape[name]
    return shape


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
            if sub is not None:
                raise FieldMaskError("'*' selects everything; nothing goes inside it")
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


def pattern(shape: Mask) -> str:
    """A regular expression matching exactly the masks that parse() and check() accept for
    `shape` (empty: no mask), so that the OpenAPI schema states the parameter's limits."""
    return rf"^\s*(?:{_list_pattern(shape)})?\s*$"


def _list_pattern(shape: Mask) -> str:
    item = _item_pattern(shape)
    return rf"{item}(?:\s*,\s*{item})*"


def _item_pattern(shape: Mask) -> str:
    alternatives = [r"\*"]
    for name, sub in shape.items():
        if sub is None:
            alternatives.append(re.escape(name))
        else:
            inside = rf"\s*/\s*{_item_pattern(sub)}|\s*\(\s*{_list_pattern(sub)}\s*\)"
            alternatives.append(rf"{re.escape(name)}(?:{inside})?")
    return "(?:" + "|".join(alternatives) + ")"
