"""An example of a value a regular expression accepts, made as close as it can to a value it refused.

A schema pattern such as ``^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$``
says little to an author who wrote ``version: 0.3``; ``0.3.0`` says it all. The
example follows the refused value wherever the pattern allows (``2026-1-5``
against a date pattern gives ``2026-01-05``) and fills in the rest with the first
character each part accepts. Patterns this cannot follow give no example.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

try:  # Python 3.11 onwards
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse as _sre  # type: ignore[no-redef]

_C = _sre  # the parser's opcodes (LITERAL, IN, MAX_REPEAT...) are names in its module
_MAXREPEAT = getattr(_sre, "MAXREPEAT", 2**32 - 1)


class _CannotFollow(Exception):
    """The pattern uses a construct this module does not make examples for."""


def example(pattern: str, like: str = "") -> str | None:
    """A value ``pattern`` accepts (as JSON Schema does: ``re.search``), following ``like`` where it fits;
    None when the pattern uses constructs this cannot follow (lookarounds, back references...)."""
    try:
        parsed = _sre.parse(pattern)
        text, _rest = _items(list(parsed), like)
    except (_CannotFollow, re.error, RecursionError, TypeError, ValueError):
        return None
    return text if re.search(pattern, text) else None


def _items(items: list[tuple[Any, Any]], rest: str) -> tuple[str, str]:
    out = []
    for op, arg in items:
        piece, rest = _item(op, arg, rest)
        out.append(piece)
    return "".join(out), rest


def _item(op: Any, arg: Any, rest: str) -> tuple[str, str]:
    if op is _C.AT:  # ^ $ \b: nothing to write
        return "", rest
    if op in (_C.LITERAL, _C.IN, _C.ANY, _C.NOT_LITERAL):
        while rest and unicodedata.category(rest[0]) == "Cf" and not _accepts(op, arg, rest[0]):
            rest = rest[1:]  # an invisible character (zero-width space): left out
        if rest and _accepts(op, arg, rest[0]):
            return rest[0], rest[1:]
        for alike in (rest[:1].swapcase(), unicodedata.normalize("NFKC", rest[:1])):  # cap -> CAP, １ -> 1
            if len(alike) == 1 and _accepts(op, arg, alike):
                return alike, rest[1:]
        first = _first(op, arg)
        if rest and (not rest[0].isascii() or not rest[0].isalnum() and not first.isalnum()):
            return first, rest[1:]  # in place of a look-alike (Cyrillic О), or of another mark (ahpfw-CAP)
        return first, rest
    if op is _C.SUBPATTERN:
        return _items(list(arg[-1]), rest)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, getattr(_C, "POSSESSIVE_REPEAT", object())):
        low, high, body = arg
        high = 64 if high == _MAXREPEAT else high  # enough to follow any real value
        taken: list[str] = []
        while len(taken) < high and rest:
            piece, after = _items(list(body), rest)
            if after == rest or len(rest) - len(after) < len(piece):
                break  # the body does not follow the value here (it would invent characters)
            taken.append(piece)
            rest = after
        filler = [_items(list(body), "")[0]] * (low - len(taken))
        return "".join(filler + taken), rest  # filled in front, as a number is padded: 5 -> 05
    if op is _C.BRANCH:
        branches = arg[1]
        for branch in branches:  # the first branch that takes the value's next character
            piece, after = _items(list(branch), rest)
            if after != rest and len(rest) - len(after) >= len(piece):
                return piece, after
        return _items(list(branches[0]), "")[0], rest
    raise _CannotFollow(op)


def _accepts(op: Any, arg: Any, ch: str) -> bool:
    if op is _C.LITERAL:
        return ord(ch) == arg
    if op is _C.NOT_LITERAL:
        return ord(ch) != arg
    if op is _C.ANY:
        return ch != "\n"
    negate = bool(arg) and arg[0][0] is _C.NEGATE
    hit = any(_in_one(kind, value, ch) for kind, value in arg if kind is not _C.NEGATE)
    return hit != negate


def _in_one(kind: Any, value: Any, ch: str) -> bool:
    if kind is _C.LITERAL:
        return ord(ch) == value
    if kind is _C.RANGE:
        return value[0] <= ord(ch) <= value[1]
    if kind is _C.CATEGORY:
        return bool(re.fullmatch(_CATEGORIES.get(value, "(?!)"), ch))
    raise _CannotFollow(kind)


_CATEGORIES = {_C.CATEGORY_DIGIT: r"\d", _C.CATEGORY_NOT_DIGIT: r"\D", _C.CATEGORY_SPACE: r"\s",
               _C.CATEGORY_NOT_SPACE: r"\S", _C.CATEGORY_WORD: r"\w", _C.CATEGORY_NOT_WORD: r"\W"}
_CATEGORY_FIRST = {_C.CATEGORY_DIGIT: "0", _C.CATEGORY_NOT_DIGIT: "a", _C.CATEGORY_SPACE: " ",
                   _C.CATEGORY_NOT_SPACE: "a", _C.CATEGORY_WORD: "a", _C.CATEGORY_NOT_WORD: "-"}


def _first(op: Any, arg: Any) -> str:
    """The first character a single-character item accepts."""
    if op is _C.LITERAL:
        return chr(arg)
    if op in (_C.ANY, _C.NOT_LITERAL):
        return next(ch for ch in "a0" if _accepts(op, arg, ch))
    if arg and arg[0][0] is _C.NEGATE:
        for ch in "a0A-_":
            if _accepts(op, arg, ch):
                return ch
        raise _CannotFollow(op)
    kind, value = arg[0]
    if kind is _C.LITERAL:
        return chr(value)
    if kind is _C.RANGE:
        return chr(value[0])
    if kind is _C.CATEGORY and value in _CATEGORY_FIRST:
        return _CATEGORY_FIRST[value]
    raise _CannotFollow(kind)
