"""JSON text for large exports: one top-level member per line, and one list item per line.

Python's ``json`` module encodes in C only without ``indent``; fully indented
output of a large framework is several times slower. Writing each list item
(an item, an association, a graph node) on its own line keeps the speed and
still gives readable, line-by-line diffs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any


class Written(list):
    """A list of items already written as :func:`compact` JSON text; :func:`dumps_lines` writes them as they are.

    Large exports build their items' text directly, which is several times faster than
    building dicts for ``json`` to encode.
    """


def _c_encoder() -> Callable[[Any], str] | None:
    """``json.dumps(value, ensure_ascii=False, separators=(", ", ": "))`` as one C encoder made once.

    ``json.dumps`` builds a new encoder on every call, which costs as much as
    encoding a small item; large exports encode hundreds of thousands of them.
    None where Python has no C encoder.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    encode = make(None, json.JSONEncoder().default, json.encoder.encode_basestring, None, ": ", ", ",
                  False, False, True)
    return lambda value: "".join(encode(value, 0))


_encode = _c_encoder()


def compact(value: Any) -> str:
    """``value`` as JSON on one line (``", "`` and ``": "`` separators, UTF-8 characters as they are)."""
    if _encode is not None:
        return _encode(value)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def dumps_lines(data: dict[str, Any]) -> str:
    """``data`` as JSON text: each top-level member on its own line, lists one item per line."""
    return "".join(iter_lines(data))


def iter_lines(data: dict[str, Any]) -> Iterator[str]:
    """The text of :func:`dumps_lines` in pieces (each list item encoded as it is reached)."""
    yield "{\n"
    for n, (key, value) in enumerate(data.items()):
        separator = ",\n" if n else ""
        if isinstance(value, list) and value:
            texts = iter(value) if type(value) is Written else map(compact, value)
            yield f"{separator} {compact(key)}: [\n  {next(texts)}"
            for text in texts:
                yield ",\n  " + text
            yield "\n ]"
        else:
            yield f"{separator} {compact(key)}: {compact(value)}"
    yield "\n}\n"


def write_pieces(path: Path, pieces: Iterable[str], batch: int = 1 << 20) -> None:
    """Write text given in pieces to ``path`` as UTF-8, a batch of about ``batch`` characters at a time.

    For exports of hundreds of megabytes: joining the whole text and then
    encoding it would make two more copies of it in memory.
    """
    with open(path, "wb") as fh:
        chunk: list[str] = []
        size = 0
        for piece in pieces:
            chunk.append(piece)
            size += len(piece)
            if size >= batch:
                fh.write("".join(chunk).encode("utf-8"))
                chunk, size = [], 0
        fh.write("".join(chunk).encode("utf-8"))
