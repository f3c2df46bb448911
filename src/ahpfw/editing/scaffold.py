"""Editing the framework's YAML while keeping every comment, key order, quote and line break.

:class:`Editor` is the one YAML editor: it opens the framework's files with
ruamel.yaml's round-trip mode (the ``export`` extra), changes fields of elements
(a changed long text is wrapped the way the file already wraps its paragraphs,
and keeps its quoting style), appends capabilities, and gives back the text of
each file it changed; a file it did not change is never rewritten, and the
files this project writes come back from ruamel byte for byte.

:func:`new_capability` appends a capability to a domain with the next free id
(never one that any release or retired element has used) and the next code in
that domain, ``origin: drafted`` (when the framework declares provenance) and an empty
descriptor for each career stage, so
that ``ahpfw validate`` lists exactly what is left to write; it is written atomically.
``ahpfw apply`` (:mod:`ahpfw.apply`) edits through the same :class:`Editor`.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import model
from ..extras import needs
from ..problems import UsageError

if TYPE_CHECKING:
    from ..project import Project

#: The width a new folded paragraph is wrapped to.
WRAP = 80

#: The origin of a new element's text: the author's own words until they give evidence for them.
NEW_ORIGIN = "drafted"


def new_origin(fw: model.Framework) -> dict[str, str]:
    """The origin a new element gets: ``drafted`` (the author's own words until they give evidence),
    in a framework that declares provenance; none in one that does not (one origin would opt it in whole)."""
    from ..provenance.evidence import declares

    return {"origin": NEW_ORIGIN} if declares(fw) else {}


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
    in its releases (the snapshots of its project's release history)."""
    from ..project import Project

    used = set(fw.elements)
    used.update(ref.target for ref in model.iter_references(fw))
    if fw.root:
        history = Project.of(fw).history(fw)
        for release in history.releases:
            if history.has_snapshot(release.version):
                used.update(history.snapshot(release.version).elements)
    return used


def next_id(fw: model.Framework, kind: str, prefix: str) -> str:
    """The next free id of a kind (``CAP``): one more than the highest ever used, as wide as the widest."""
    return next_id_among(used_ids(fw), kind, prefix)


def next_id_among(used: set[str], kind: str, prefix: str) -> str:
    """The next id of a kind after every id in ``used`` (see :func:`next_id`)."""
    numbers = [(n, len(i.rsplit("-", 1)[1])) for i in used if (n := _number(i, kind)) is not None]
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


def _folded(text: str, key: str, column: int, width: int = WRAP, block: bool = False) -> Any:
    """``text`` as the value of ``key`` (at ``column``, 0-based): plain when it fits on the key's line
    (and ``block`` is false), else a folded block scalar (``>-``) wrapped to fit within ``width`` columns."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    if not block and (column + len(key) + 2 + len(text) <= width or " " not in text):
        return text
    if "\n" in text or "  " in text or text != text.strip():
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(text)  # folding could lose these spaces or line breaks
    lines = textwrap.wrap(text, max(30, width - column - 2), break_long_words=False, break_on_hyphens=False)
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


_FOLDED_START = re.compile(r"^[ \t]*(?:- )?([^\s:#][^:#]*?):[ \t]*>[-+]?[ \t]*(#.*)?$")

#: Where a key an element did not have goes: after the last key it has that comes earlier in this order.
KEY_ORDER = ("id", "code", "name", "status", "replaced_by")


@dataclass(frozen=True)
class Widths:
    """How wide a file wraps its folded paragraphs: per key (the longest line of any ``key: >-`` block), and
    a typical width (the median of every block's longest line) that a rarely used key never goes below."""

    by_key: dict[str, int]
    typical: int

    def of(self, key: str) -> int:
        """The width to wrap a paragraph of ``key`` to."""
        return max(self.by_key.get(key, 0), self.typical)


def wrap_widths(text: str) -> Widths:
    """The widths a file's folded paragraphs are wrapped to (:data:`WRAP` when it has none)."""
    per_key: dict[str, list[int]] = {}
    block: int | None = None
    key, longest = "", 0
    for line in text.splitlines() + [""]:
        indent = len(line) - len(line.lstrip(" "))
        if block is not None and line.strip() and indent > block:
            longest = max(longest, len(line.rstrip()))
            continue
        if block is not None and not line.strip() and line:
            continue
        if longest:
            per_key.setdefault(key, []).append(longest)
        match = _FOLDED_START.match(line)
        block, key, longest = (indent, match.group(1).strip(), 0) if match else (None, "", 0)
    every = sorted(w for widths in per_key.values() for w in widths)
    typical = every[len(every) // 2] if every else WRAP
    return Widths({k: max(v) for k, v in per_key.items()}, typical)


@dataclass
class _Document:
    path: Path
    original: str
    yaml: Any
    data: Any
    widths: Widths
    nodes: dict[str, Any]  # every mapping with an id, by id
    parents: dict[str, Any]  # the list holding each of those mappings, by id
    changed: bool = False


class Editor:
    """The framework's YAML files, opened for editing on demand; :meth:`texts` gives each changed file."""

    def __init__(self) -> None:
        self._documents: dict[Path, _Document] = {}

    def document(self, path: str | Path) -> _Document:
        """A file, read and parsed once."""
        from ruamel.yaml.util import load_yaml_guess_indent

        path = Path(path)
        if path not in self._documents:
            original = path.read_text(encoding="utf-8")
            _, indent, offset = load_yaml_guess_indent(original)
            yaml = _yaml()
            yaml.indent(mapping=max(indent - offset, 2), sequence=indent, offset=offset)
            data = yaml.load(original)
            nodes: dict[str, Any] = {}
            parents: dict[str, Any] = {}
            _index(data, nodes, parents)
            self._documents[path] = _Document(path, original, yaml, data, wrap_widths(original), nodes, parents)
        return self._documents[path]

    def node(self, element: model.Element | model.Framework) -> tuple[_Document, Any]:
        """The file and the mapping an element (or the framework's metadata) was written as."""
        document = self.document(element.location.path)
        if isinstance(element, model.Framework):
            return document, document.data
        node = document.nodes.get(element.id)
        if node is None:
            raise UsageError(f"{element.location.path}: cannot find {element.id} to edit")
        return document, node

    def set(self, element: model.Element | model.Framework, key: str, value: Any) -> None:
        """Set one field of an element (None removes it), keeping the value's style where it had one."""
        document, node = self.node(element)
        self._set(document, node, key, value)

    def set_in(self, path: str | Path, node: Any, key: str, value: Any) -> None:
        """Set a key of a mapping read from the file ``path`` (one of :meth:`document`'s nodes or below)."""
        self._set(self.document(path), node, key, value)

    def append_in(self, path: str | Path, node: Any, key: str, item: Any) -> None:
        """Append ``item`` to the list under ``key`` of a mapping read from ``path`` (making the list if needed)."""
        from ruamel.yaml.comments import CommentedSeq

        document = self.document(path)
        seq = node.get(key)
        if not isinstance(seq, CommentedSeq):
            self._set(document, node, key, CommentedSeq([item]))
            return
        if len(seq):
            _move_trailing_comment(seq[-1], item)
        seq.append(item)
        document.changed = True

    def set_descriptor(self, cap: model.Capability, stage: str, text: str, order: Sequence[str]) -> None:
        """Set a capability's descriptor text for one stage, adding the descriptor (in ``order`` of stages)."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        document, node = self.node(cap)
        items = node.get("descriptors")
        if not isinstance(items, CommentedSeq):
            items = CommentedSeq()
            self._set(document, node, "descriptors", items)
        for item in items:
            if isinstance(item, dict) and item.get("stage") == stage:
                self._set(document, item, "text", text)
                return
        rank = {s: n for n, s in enumerate(order)}
        at = next((n for n, item in enumerate(items) if isinstance(item, dict)
                   and rank.get(item.get("stage"), len(rank)) > rank.get(stage, len(rank))), len(items))
        column = self._column(node) + document.yaml.sequence_indent
        folded = _folded(text, "text", column, document.widths.of("text"))
        items.insert(at, CommentedMap([("stage", stage), ("text", folded)]))
        document.changed = True

    def _column(self, node: Any) -> int:
        try:
            return node.lc.key(next(iter(node)))[1]
        except (AttributeError, KeyError, StopIteration, TypeError):
            return 0

    def _set(self, document: _Document, node: Any, key: str, value: Any) -> None:
        from ruamel.yaml.comments import CommentedSeq

        old = node.get(key)
        if isinstance(value, (str, int)) and value == old and type(value) is not bool:
            return  # the same value: leave it exactly as it is written
        if value is None:
            if key in node:
                del node[key]
                document.changed = True
            return
        if isinstance(value, str):
            value = _styled(old, value, key, self._column(node), document.widths.of(key))
        elif isinstance(value, (list, tuple)) and not isinstance(value, CommentedSeq):
            seq = CommentedSeq(value)
            flow = old.fa.flow_style() if isinstance(old, CommentedSeq) else all(":" in str(v) for v in value)
            if flow:
                seq.fa.set_flow_style()
            else:
                seq.fa.set_block_style()
            value = seq
        if key in node:
            node[key] = value
        else:
            rank = {k: n for n, k in enumerate(KEY_ORDER)}
            mine = rank.get(key, len(rank))
            at = 0
            for n, existing in enumerate(node):
                if rank.get(existing, len(rank)) <= mine:
                    at = n + 1
            node.insert(at, key, value)
        document.changed = True

    def append_capability(self, domain: model.Domain, values: dict[str, Any],
                          descriptors: Sequence[tuple[str, str]] = (), widths: Widths | None = None) -> None:
        """Append a capability with these fields (and descriptors: (stage, text) pairs) to a domain."""
        from ruamel.yaml.comments import CommentedSeq

        document, node = self.node(domain)
        column = domain.location.col - 1 + document.yaml.sequence_indent
        item = element_item(values, column, widths or document.widths, descriptors, document.yaml.sequence_indent)
        caps = node.get("capabilities")
        if not isinstance(caps, CommentedSeq) or not caps:
            caps = node["capabilities"] = CommentedSeq()  # a block list, even where it was written "[]"
        self._append(document, caps, item)

    def append_after(self, sibling: model.Element, values: dict[str, Any]) -> None:
        """Append an element with these fields to the list that holds ``sibling``, at its end."""
        document, node = self.node(sibling)
        seq = document.parents[sibling.id]
        self._append(document, seq, element_item(values, self._column(node), document.widths))

    def _append(self, document: _Document, seq: Any, item: Any) -> None:
        if len(seq):
            _move_trailing_comment(seq[-1], item)
        seq.append(item)
        document.nodes[item["id"]] = item
        document.parents[item["id"]] = seq
        document.changed = True

    def texts(self) -> dict[Path, str]:
        """The new text of every file that changed."""
        out: dict[Path, str] = {}
        for document in self._documents.values():
            if document.changed:
                buffer = io.StringIO()
                document.yaml.dump(document.data, buffer)
                if buffer.getvalue() != document.original:
                    out[document.path] = buffer.getvalue()
        return out


def _index(data: Any, nodes: dict[str, Any], parents: dict[str, Any]) -> None:
    stack: list[tuple[Any, Any]] = [(data, None)]
    while stack:
        item, parent = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("id"), str) and item["id"] not in nodes:
                nodes[item["id"]] = item
                parents[item["id"]] = parent
            stack.extend((v, None) for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend((v, item) for v in item if isinstance(v, (dict, list)))


def _styled(old: Any, text: str, key: str, column: int, width: int) -> Any:
    """``text`` in the style ``old`` was written in: quoted the same way, or folded and wrapped to ``width``."""
    from ruamel.yaml.scalarstring import (
        DoubleQuotedScalarString,
        FoldedScalarString,
        LiteralScalarString,
        SingleQuotedScalarString,
    )

    for style in (DoubleQuotedScalarString, SingleQuotedScalarString, LiteralScalarString):
        if isinstance(old, style):
            return style(text)
    return _folded(text, key, column, width, block=isinstance(old, FoldedScalarString))


def flow_map(values: dict[str, Any]) -> Any:
    """A mapping written on one line (``{element: ahpfw:CAP-0001, kind: modified}``)."""
    from ruamel.yaml.comments import CommentedMap

    item = CommentedMap(values)
    item.fa.set_flow_style()
    return item


_NUMERIC = re.compile(r"[0-9][0-9.]*")


def element_item(values: dict[str, Any], column: int, widths: Widths | None = None,
                 descriptors: Sequence[tuple[str, str]] = (), sequence_indent: int = 4) -> Any:
    """A new element as ruamel writes it: its fields in order (None left out), long text folded to ``widths``,
    a code that looks like a number quoted, identifier lists in flow style, then its descriptors."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    widths = widths or Widths({}, WRAP)
    item = CommentedMap()
    for key, value in values.items():
        if value is None:
            continue
        if key == "code" and _NUMERIC.fullmatch(str(value)):
            value = DoubleQuotedScalarString(value)
        elif isinstance(value, str):
            value = _folded(value, key, column, widths.of(key))
        elif isinstance(value, (list, tuple)):
            seq = CommentedSeq(value)
            if all(":" in str(v) and " " not in str(v) for v in value):
                seq.fa.set_flow_style()
            value = seq
        item[key] = value
    if descriptors:
        item["descriptors"] = CommentedSeq(
            CommentedMap([("stage", s), ("text", _folded(t, "text", column + sequence_indent, widths.of("text")) if t
                                         else DoubleQuotedScalarString(""))]) for s, t in descriptors)
    return item


@needs("ruamel.yaml")
def new_capability(framework_dir: str | Path | Project | None, domain: str, statement: str,
                   name: str | None = None) -> Added:
    """Append a new capability to ``domain`` (an id or code) of the framework at ``framework_dir`` (a folder,
    or a :class:`~ahpfw.project.Project`).

    Raises :class:`UsageError` for an unknown domain, an empty statement or a
    file that cannot be edited; :class:`FrameworkError` when the framework
    does not load. Nothing is written unless the result loads.
    """
    from ..locking import writing
    from ..paths import is_packaged
    from ..project import Project

    statement = " ".join(statement.split())
    if not statement:
        raise UsageError("--statement is empty; say what a person with this capability does")
    project = Project.given(framework_dir)
    root = project.framework_dir
    if is_packaged(root):
        raise UsageError("the framework shipped inside the package cannot be edited; work in a checkout")
    with writing(root):
        return _add_capability(project, domain, statement, name)


def _add_capability(project: Project, domain: str, statement: str, name: str | None) -> Added:
    from ..atomic import write_text
    from ..problems import FrameworkError
    from ..reading.loader import load

    root, fw = project.framework_dir, project.framework
    target = find_domain(fw, domain)
    new_id = next_id(fw, model.Capability.KIND, target.id.split(":", 1)[0])
    code = next_code(target)
    name = " ".join((name or name_from(statement)).split())
    stages = tuple(s.id for s in fw.stages_in_order if not s.retired)

    editor = Editor()
    path = Path(target.location.path)
    original = editor.document(path).original
    editor.append_capability(target, {"id": new_id, "code": code, "name": name, "statement": statement,
                                      **new_origin(fw)}, [(s, "") for s in stages], Widths({}, WRAP))
    text = editor.texts()[path]
    write_text(path, text)
    try:
        load(root)
    except FrameworkError:
        write_text(path, original)
        raise
    line = text.count("\n", 0, text.index(f"id: {new_id}")) + 1
    return Added(new_id, code, name, path, line, stages)
