"""Plain-text helpers the site's data and templates share (no markup here)."""

from __future__ import annotations

import json
import re

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A file-name-safe slug: ``ahpfw:CAP-0007`` -> ``cap-0007``, ``0.2.0`` -> ``0-2-0``."""
    local = text.split(":", 1)[-1]
    return _NOT_SLUG.sub("-", local.lower()).strip("-") or "x"


def in_sentence(name: str) -> str:
    """A name as written after other words of a sentence: a leading "The " becomes "the "
    (``Published by the ahpfw project``); any other name is kept as it is written."""
    return "the " + name[4:] if name.startswith("The ") else name


def paragraphs(text: str | None) -> list[str]:
    """Text as paragraphs (split on blank lines), stripped, without empty ones."""
    if not text:
        return []
    if "\n" not in text:  # most text is one paragraph
        return [text.strip()] if text.strip() else []
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def data_script(variable: str, data: object) -> str:
    """A script setting ``window.<variable>`` to ``data`` as JSON: ASCII only, and with ``<``, ``>`` and ``&``
    escaped, so no text in it can end the script early. Keys sorted, so the bytes are stable."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"window.{variable} = {text};\n"
