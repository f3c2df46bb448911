"""Scaffolding: add a new element to the framework's YAML, keeping the file's comments and layout.

:func:`new_capability` appends a capability to a domain with the next free id
(never one that any release or retired element has used) and the next code in
that domain, and an empty descriptor for each career stage, so that
``ahpfw validate`` lists exactly what is left to write. The file is edited with
ruamel.yaml's round-trip mode (the ``export`` extra), so every comment, quote
and folded paragraph stays as it was, and it is written atomically.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import model
from .problems import UsageError

#: The width a new folded paragraph is wrapped to.
WRAP = 80


@dataclass(frozen=True)
class Added:
    """What was added, and where."""

    id: str
    code: str | None
    name: str
    path: Path
    line: int
    stages: tuple[str, ...]


def _number(element_id: str, kind: str) -> int | None:
    match = re.fullmatch(rf"[a-z][a-z0-9]*:{kind}-([0-9]+)", element_id)
    return int(match.group(1)) if match else None


def used_ids(fw: model.Framework) -> set[str]:
    """Every id the framework has used: its elements (retired ones too), the ids it refers to, and every id
    in its releases (the snapshots in ``releases/`` beside it)."""
    from .canonical import load_json
    from .paths import releases_dir
    from .releases import read_index, snapshot_path

    used = set(fw.elements)
    used.update(ref.target for ref in model.iter_references(fw))
    if fw.root:
        folder = releases_dir(Path(fw.root))
        for release in read_index(folder):
            snapshot = snapshot_path(folder, release.version)
            if snapshot.is_file():
                used.update(load_json(snapshot).elements)
    return used


def next_id(fw: model.Framework, kind: str, prefix: str) -> str:
    """The next free id of a kind (``CAP``): one more than the highest ever used, as wide as the widest."""
    numbers = [(n, len(i.rsplit("-", 1)[1])) for i in used_ids(fw) if (n := _number(i, kind)) is not None]
    highest = max((n for n, _ in numbers), default=0)
    width = max([4, *(w for _, w in numbers)])
    return f"{prefix}:{kind}-{highest + 1:0{width}d}"


def next_code(domain: model.Domain) -> str | None:
    """The next capability code in a domain (``2.7`` after ``2.6``), or None when the domain has no code."""
    if not domain.code:
        return None
    minors = [int(m.group(1)) for cap in domain.capabilities if cap.code
              if (m := re.fullmatch(re.escape(domain.code) + r"\.([0-9]+)", cap.code))]
    return f"{domain.code}.{max(minors, default=0) + 1}"


_DANGLING = {"a", "about", "across", "an", "and", "as", "at", "between", "by", "each", "every", "for", "from", "in",
             "into", "its", "of", "on", "or", "our", "so", "that", "the", "their", "through", "to", "towards",
             "with", "within", "your"}


def name_from(statement: str, limit: int = 70) -> str:
    """A name taken from a statement: its first clause, cut at a word to about ``limit`` characters."""
    first = re.split(r"(?<=[.;:,])\s", statement.strip(), maxsplit=1)[0].rstrip(".;:, ")
    if len(first) <= limit:
        return first
    words = first[:limit + 1].split()[:-1]
    while len(words) > 1 and words[-1].lower() in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(",;: ")


def find_domain(fw: model.Framework, ref: str) -> model.Domain:
    """A domain by id (``ahpfw:DOM-0002``) or code (``2``); :class:`UsageError` naming the choices if none."""
    for domain in fw.domains:
        if ref in (domain.id, domain.code):
            return domain
    choices = ", ".join(f"{d.id} ({d.code})" if d.code else d.id for d in fw.domains) or "none"
    raise UsageError(f"no domain {ref!r}; the domains are: {choices}")


def _folded(text: str, key: str, column: int) -> Any:
    """``text`` as the value of ``key`` (at ``column``, 0-based): plain when it fits on the key's line,
    else a folded block scalar (``>-``) wrapped to fit within :data:`WRAP` columns."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    if column + len(key) + 2 + len(text) <= WRAP or " " not in text:
        return text
    lines = textwrap.wrap(text, max(30, WRAP - column - 2), break_long_words=False, break_on_hyphens=False)
    scalar = FoldedScalarString(" ".join(lines))
    folds, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        folds.append(at)
        at += 1
    scalar.fold_pos = folds  # type: ignore[attr-defined]
    return scalar


def _slots(node: Any) -> list[tuple[Any, Any, int]]:
    """The places a comment after ``node`` can hang, outermost first: ``(ca.items, key, index)`` of its last
    entry, then of that entry's last entry, and so on down."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    out = []
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        if isinstance(node, CommentedMap):
            key = list(node)[-1]
            out.append((node.ca.items, key, 2))
        else:
            key = len(node) - 1
            out.append((node.ca.items, key, 0))
        node = node[key]
    return out


def _move_trailing_comment(old: Any, new: Any) -> None:
    """Move the comment lines that follow ``old`` (the previous last item) to follow ``new``.

    ruamel.yaml hangs the comment lines after a block on its last value, so an
    item appended after it would land below comments that belong to what comes
    next (such as ``# Domain 2``). The comment on the old item's own last line stays.
    """
    for items, key, index in reversed(_slots(old)):
        entry = items.get(key)
        token = entry[index] if entry and len(entry) > index else None
        if token is None or not getattr(token, "value", None):
            continue
        own, newline, rest = token.value.partition("\n")
        if not rest.strip():
            return
        token.value = own + newline
        if not own.strip():
            entry[index] = None
        target_items, target_key, target_index = _slots(new)[-1]
        from copy import copy

        moved = copy(token)
        moved.value = "\n" + rest
        slot = [None] * (4 if target_index == 2 else 2)
        slot[target_index] = moved
        target_items[target_key] = slot
        return


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap what is already there
    return yaml


def new_capability(framework_dir: str | Path | None, domain: str, statement: str,
                   name: str | None = None) -> Added:
    """Append a new capability to ``domain`` (an id or code) of the framework at ``framework_dir``.

    Raises :class:`UsageError` for an unknown domain, an empty statement or a
    file that cannot be edited; :class:`FrameworkError` when the framework
    does not load. Nothing is written unless the result loads.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString
    from ruamel.yaml.util import load_yaml_guess_indent

    from .atomic import write_text
    from .loader import load
    from .paths import is_packaged, resolve_framework_dir
    from .problems import FrameworkError

    statement = " ".join(statement.split())
    if not statement:
        raise UsageError("--statement is empty; say what a person with this capability does")
    root = resolve_framework_dir(framework_dir)
    if is_packaged(root):
        raise UsageError("the framework shipped inside the package cannot be edited; work in a checkout")
    fw = load(root)
    target = find_domain(fw, domain)
    new_id = next_id(fw, model.Capability.KIND, target.id.split(":", 1)[0])
    code = next_code(target)
    name = " ".join((name or name_from(statement)).split())
    stages = tuple(s.id for s in fw.stages_in_order if not s.retired)

    path = Path(target.location.path)
    original = path.read_text(encoding="utf-8")
    _, indent, offset = load_yaml_guess_indent(original)
    yaml = _yaml()
    yaml.indent(mapping=max(indent - offset, 2), sequence=indent, offset=offset)
    data = yaml.load(original)
    node = next((d for d in (data or {}).get("domains") or () if isinstance(d, dict) and d.get("id") == target.id),
                None)
    if node is None:
        raise UsageError(f"{path}: cannot find domain {target.id} to edit")
    caps = node.get("capabilities")
    if not isinstance(caps, CommentedSeq) or not caps:
        caps = node["capabilities"] = CommentedSeq()  # a block list, even where it was written "[]"
    item_column = target.location.col - 1 + indent  # where the new capability's keys start
    item = CommentedMap()
    item["id"] = new_id
    if code is not None:
        item["code"] = DoubleQuotedScalarString(code)
    item["name"] = name
    item["statement"] = _folded(statement, "statement", item_column)
    if stages:
        item["descriptors"] = CommentedSeq(CommentedMap([("stage", s), ("text", DoubleQuotedScalarString(""))])
                                           for s in stages)
    if len(caps):
        _move_trailing_comment(caps[-1], item)
    caps.append(item)
    out = io.StringIO()
    yaml.dump(data, out)
    text = out.getvalue()
    write_text(path, text)
    try:
        load(root)
    except FrameworkError:
        write_text(path, original)
        raise
    line = text.count("\n", 0, text.index(f"id: {new_id}")) + 1
    return Added(new_id, code, name, path, line, stages)
