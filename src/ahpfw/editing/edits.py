"""Changing the framework's YAML as a whole: field edits and new elements, validated, then written all or nothing.

``ahpfw apply`` (an edited workbook) and ``ahpfw consult apply`` (accepted
suggested wordings) both describe what they want as :class:`Edit` and
:class:`NewElement` records, each naming where it came from (a cell such as
``framework.xlsx!Capabilities!F13``, or a decision). :func:`write_edits` makes
the edits with the one YAML editor (:class:`ahpfw.editing.scaffold.Editor`, which keeps
every comment, quote and line break of what it does not change), stages the
result in a copy of the framework folder beside it, loads and validates that
copy with every rule, and only then swaps it in whole
(:func:`ahpfw.atomic.replace_dir`). A problem the edits would bring in is
reported against the cell (or decision) that caused it, and nothing is written.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import model
from ..plurals import count
from ..problems import Error, FrameworkError, Problem


@dataclass(frozen=True)
class Edit:
    """Set one field of an element (``element`` None: of the framework's metadata); ``value`` None removes it.

    ``stage`` names the career stage of a capability's descriptor (``field`` is
    then ``descriptors`` and ``value`` its text); ``where`` says where the edit
    came from, for messages.
    """

    element: str | None
    field: str
    value: Any
    where: str
    stage: str | None = None


@dataclass(frozen=True)
class NewElement:
    """A new element of ``collection`` (``capabilities``: in the domain ``parent``), with its fields in order.

    Its id is the next free one; its code, when ``fields`` has none, the next in
    its domain or collection. ``descriptors`` holds (stage, text) pairs.
    """

    collection: str
    fields: tuple[tuple[str, Any], ...]
    where: str
    parent: str | None = None
    descriptors: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Refusal:
    """Why an edit cannot be made: where it came from (a cell) and a message."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class Refused(Error):
    """Edits that cannot be made; nothing was written."""

    def __init__(self, refusals: Sequence[Refusal]):
        super().__init__(f"{count(len(refusals), 'edit')} refused")
        self.refusals = list(refusals)


@dataclass
class Outcome:
    """What :func:`write_edits` did: the changes (a :class:`~ahpfw.history.changes.ChangeSet`), the files
    rewritten, the ids given to new elements (by where they came from) and the framework as it now is."""

    changes: Any
    written: list[Path]
    new_ids: dict[str, str]
    framework: model.Framework


def next_code_in(elements: Sequence[model.Element]) -> str | None:
    """The next display code of a collection whose codes are a prefix and a number (``P11`` after ``P10``)."""
    found: dict[str, list[int]] = {}
    for e in elements:
        match = re.fullmatch(r"([^0-9]*)([0-9]+)", e.code or "")
        if match:
            found.setdefault(match.group(1), []).append(int(match.group(2)))
    if not found:
        return None
    prefix = max(found, key=lambda p: len(found[p]))
    return f"{prefix}{max(found[prefix]) + 1}"


class _Numbers:
    """Hands out ids and codes for new elements, never the same one twice in a run."""

    def __init__(self, fw: model.Framework):
        from .scaffold import used_ids

        self.fw = fw
        self.used = used_ids(fw)
        self.codes: dict[str, list[str]] = {}

    def id(self, cls: type[model.Element], prefix: str) -> str:
        from .scaffold import next_id_among

        new = next_id_among(self.used, cls.KIND, prefix)
        self.used.add(new)
        return new

    def code(self, key: str, existing: Sequence[model.Element], domain: model.Domain | None) -> str | None:
        from .scaffold import next_code

        taken = self.codes.setdefault(key, [])
        ghosts = [model.Capability(id="", name="", statement="", code=c) for c in taken]
        if domain is not None:
            code = next_code(model.Domain(id=domain.id, name=domain.name, code=domain.code, description="",
                                          capabilities=(*domain.capabilities, *ghosts)))
        else:
            code = next_code_in([*existing, *ghosts])
        if code is not None:
            taken.append(code)
        return code


def _prefix(fw: model.Framework) -> str:
    return fw.id.split(":", 1)[0] if ":" in fw.id else "ahpfw"


def _stage_edits(editor: Any, fw: model.Framework, edits: Sequence[Edit]) -> None:
    order = [s.id for s in fw.stages_in_order]
    for edit in edits:
        element = fw if edit.element is None else fw.elements[edit.element]
        if edit.stage is not None:
            editor.set_descriptor(element, edit.stage, edit.value, order)
        else:
            editor.set(element, edit.field, edit.value)


def _add_elements(editor: Any, fw: model.Framework, new: Sequence[NewElement]) -> dict[str, str]:
    """Append each new element; return the id given to each, by where it came from."""
    numbers = _Numbers(fw)
    ids: dict[str, str] = {}
    for item in new:
        values = dict(item.fields)
        if item.collection != "sources" and not values.get("origin"):
            from .scaffold import new_origin

            values.update(new_origin(fw))  # typed in by an author: their own words until they give evidence
        if item.collection == "capabilities":
            domain = next(d for d in fw.domains if d.id == item.parent)
            new_id = numbers.id(model.Capability, _prefix(fw))
            code = values.get("code") or numbers.code(domain.id, (), domain)
            values = {"id": new_id, "code": code, **{k: v for k, v in values.items() if k not in ("id", "code")}}
            editor.append_capability(domain, values, item.descriptors)
        else:
            cls = model.COLLECTIONS[item.collection]
            existing = getattr(fw, item.collection)
            new_id = numbers.id(cls, _prefix(fw))
            code = values.get("code") or numbers.code(item.collection, existing, None)
            values = {"id": new_id, "code": code, **{k: v for k, v in values.items() if k not in ("id", "code")}}
            editor.append_after(existing[-1], values)
        ids[item.where] = new_id
    return ids


def _problem_keys(problems: Sequence[Problem], root: str) -> set[tuple[str, str | None, str]]:
    return {(p.code, p.element_id, p.message.replace(root, "")) for p in problems if p.severity == "error"}


def write_edits(fw: model.Framework, edits: Sequence[Edit], new: Sequence[NewElement] = (), *,
                dry_run: bool = False) -> Outcome:
    """Make ``edits`` and add ``new`` elements to the framework ``fw`` was loaded from, all or nothing.

    The result is loaded and validated (every rule) before anything is
    written; a problem that was not there before is a :class:`Refusal`, named
    after the edit's ``where`` when it points at an edited field. Raises
    :class:`Refused` (nothing written). With ``dry_run`` nothing is written
    either way. Changing nothing leaves every file as it was.
    """
    from ..atomic import leftovers, replace_dir
    from ..history.changes import compare
    from ..paths import is_packaged
    from ..problems import UsageError
    from ..reading.loader import load
    from ..rules.validation import validate
    from .scaffold import Editor

    root = Path(fw.root)
    if is_packaged(root):
        raise UsageError("the framework shipped inside the package cannot be edited; work in a checkout")
    editor = Editor()
    _stage_edits(editor, fw, edits)
    new_ids = _add_elements(editor, fw, new)
    texts = editor.texts()
    if not texts:
        return Outcome(compare(fw, fw, old_source=str(root), new_source=str(root)), [], new_ids, fw)
    before = _problem_keys(validate(fw), str(root))
    result: dict[str, Any] = {}

    class _Stop(Exception):
        """Leave the staged copy unswapped."""

    try:
        with replace_dir(root) as staging:
            shutil.copytree(root, staging, symlinks=True, dirs_exist_ok=True, ignore=leftovers)
            for path, text in texts.items():
                (staging / Path(path).resolve().relative_to(root.resolve())).write_text(text, encoding="utf-8")
            try:
                staged = load(staging)
                problems = [p for p in validate(staged) if p.severity == "error"]
            except FrameworkError as exc:
                staged, problems = None, exc.problems
            fresh = [p for p in problems if (p.code, p.element_id, p.message.replace(str(staging), ""))
                     not in before]
            if fresh:
                raise Refused(_located(fresh, staged, edits, new_ids, staging, root))
            assert staged is not None
            result["framework"] = staged
            if dry_run:
                raise _Stop
    except _Stop:
        pass
    changes = compare(fw, result["framework"], old_source=str(root), new_source=str(root))
    written = [] if dry_run else sorted(texts)
    final = result["framework"] if dry_run else load(root)
    return Outcome(changes, written, new_ids, final)


def _located(problems: Sequence[Problem], staged: model.Framework | None, edits: Sequence[Edit],
             new_ids: dict[str, str], staging: Path, root: Path) -> list[Refusal]:
    """Each problem as a refusal: at the cell of the edited field it points at, else of the element's row,
    else at its place in the (real) YAML file."""
    at_field: dict[tuple[str, int, int], str] = {}
    at_element: dict[str, str] = {where_id: where for where, where_id in new_ids.items()}
    for edit in edits:
        if edit.element is not None:
            at_element.setdefault(edit.element, edit.where)
        element = None if staged is None else staged if edit.element is None else staged.elements.get(edit.element)
        if element is not None:
            holder: Any = element
            name = edit.field
            if edit.stage is not None and isinstance(element, model.Capability):
                holder, name = element.descriptor(edit.stage) or element, "text"
            loc = holder.where(name)
            at_field[(loc.path, loc.line, loc.col)] = edit.where
    out = []
    for p in problems:
        loc = p.location
        where = at_field.get((loc.path, loc.line, loc.col)) or at_element.get(p.element_id or "")
        if where is None:
            where = loc._replace(path=loc.path.replace(str(staging), str(root))).display()
        out.append(Refusal(where, f"{p.code} {p.message}".replace(str(staging), str(root))))
    return out
