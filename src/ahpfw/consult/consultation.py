"""A consultation folder: its metadata, its stored responses and its decisions.

Layout of ``consultations/<folder>/``::

    consultation.yaml   Consultation: id, title, framework, version consulted, dates, questions
    responses/          one Response per file (RESP-0001.yaml ...), written by ``ahpfw consult ingest``
    contacts/           names and emails, only if the form asked for them; git-ignored,
                        never read by any report or export
    decisions.yaml      DecisionLog: themes of the comments and what was decided ("you said, we did")

Each file is checked against its class in the JSON Schema generated from the
LinkML schema (``schema/ahpfw.yaml``), with the file, line and column of each problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import model
from ..problems import FrameworkError, Location, Problem, UsageError
from ..reading.loader import read_checked

CONSULTATION_FILE = "consultation.yaml"
DECISIONS_FILE = "decisions.yaml"
RESPONSES = "responses"
CONTACTS = "contacts"


@dataclass(frozen=True)
class Question:
    """A general question asked in a consultation."""

    id: str
    name: str
    kind: str
    code: str | None = None
    description: str | None = None
    options: tuple[str, ...] = ()
    options_from: str | None = None

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}" if self.code else self.name


@dataclass(frozen=True)
class Consultation:
    """A consultation's metadata (``consultation.yaml``) and where its folder is."""

    folder: Path
    id: str
    title: str
    framework: str
    framework_version: str
    opens: str
    closes: str
    description: str | None = None
    synthetic: bool = False
    questions: tuple[Question, ...] = ()

    @property
    def responses_dir(self) -> Path:
        return self.folder / RESPONSES

    @property
    def contacts_dir(self) -> Path:
        return self.folder / CONTACTS

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class Comment:
    """One respondent's rating of and comment on one element."""

    element: str
    agreement: int | None = None
    comment: str | None = None
    suggested_wording: str | None = None


@dataclass(frozen=True)
class Response:
    """One stored response (never a name or contact detail)."""

    id: str
    content_hash: str
    respondent: dict[str, str] = field(default_factory=dict)
    comments: tuple[Comment, ...] = ()
    answers: dict[str, str] = field(default_factory=dict)
    framework_version: str = ""


def load_consultation(folder: str | Path) -> Consultation:
    """Load ``consultation.yaml`` from a consultation folder."""
    folder = Path(folder)
    path = folder / CONSULTATION_FILE
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such consultation folder")
    if not path.is_file():
        raise UsageError(f"{folder}: no {CONSULTATION_FILE} here; 'ahpfw consult new' creates one")
    data, _ = read_checked(path, "Consultation")
    questions = tuple(Question(id=q["id"], name=q["name"], kind=q["kind"], code=q.get("code"),
                               description=q.get("description"), options=tuple(q.get("options") or ()),
                               options_from=q.get("options_from"))
                      for q in data.get("questions") or ())
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise FrameworkError([Problem(Location(str(path)), "AHP010", f"question id {q.id} is used twice")])
        seen.add(q.id)
        if q.kind == "choice" and not (q.options or q.options_from):
            raise FrameworkError([Problem(Location(str(path)), "AHP005",
                                          f"{q.id}: a choice question needs 'options' or 'options_from'")])
    return Consultation(folder=folder, id=data["id"], title=data["title"], framework=data["framework"],
                        framework_version=data["framework_version"], opens=str(data["opens"]),
                        closes=str(data["closes"]), description=data.get("description"),
                        synthetic=bool(data.get("synthetic")), questions=questions)


#: a consultation's id, as the schema's pattern has it (``ahpfw:CONS-0001``)
_CONSULTATION_ID = re.compile(r"\b[a-z][a-z0-9]*:CONS-([0-9]{4,6})\b")


def taken_ids(root: str | Path) -> dict[str, Path]:
    """Every consultation id named under ``root`` (a ``consultations/`` folder), with a file that names it.

    Ids are never reused, so every ``consultation.yaml`` and ``decisions.yaml`` one or
    two folders down counts: the project's consultations, and retired ones kept in a
    folder of their own (``consultations/retired/2024-draft/``).
    """
    found: dict[str, Path] = {}
    root = Path(root)
    for pattern in ("*/", "*/*/"):
        for name in (CONSULTATION_FILE, DECISIONS_FILE):
            for path in sorted(root.glob(pattern + name)):
                text = path.read_text(encoding="utf-8", errors="replace")
                for match in _CONSULTATION_ID.finditer(text):
                    found.setdefault(match.group(0), path)
    return found


def next_id(root: str | Path, prefix: str) -> str:
    """The next consultation id never used under ``root`` (see :func:`taken_ids`): ``prefix:CONS-0002`` after
    the highest number taken, whatever its prefix."""
    numbers = [int(_CONSULTATION_ID.fullmatch(cid).group(1)) for cid in taken_ids(root)]  # type: ignore[union-attr]
    return f"{prefix}:CONS-{max(numbers, default=0) + 1:04d}"


def response_files(consultation: Consultation) -> list[Path]:
    """The stored response files, in id order."""
    if not consultation.responses_dir.is_dir():
        return []
    return sorted(consultation.responses_dir.glob("RESP-*.yaml"))


def load_responses(consultation: Consultation) -> list[Response]:
    """Every stored response of a consultation, in id order (contacts are never read)."""
    responses = []
    for path in response_files(consultation):
        data, _ = read_checked(path, "Response")
        comments = tuple(Comment(element=c["element"], agreement=c.get("agreement"), comment=c.get("comment"),
                                 suggested_wording=c.get("suggested_wording"))
                         for c in data.get("comments") or ())
        answers = {a["question"]: str(a["answer"]) for a in data.get("answers") or ()}
        responses.append(Response(id=data["id"], content_hash=data["content_hash"],
                                  respondent=dict(data.get("respondent") or {}), comments=comments,
                                  answers=answers, framework_version=data["framework_version"]))
    return responses


def consulted_framework(consultation: Consultation, framework: str | Path | None = None) -> model.Framework:
    """The framework version a consultation asked about.

    ``framework`` (anything ``ahpfw diff`` accepts: a folder, a snapshot file, a
    release version) is used when given; otherwise the release snapshot of the
    consulted version, or the current framework when its version is the one consulted.
    """
    fw = _find_framework(consultation.framework_version, framework)
    if fw.id != consultation.framework or fw.version != consultation.framework_version:
        raise UsageError(f"{consultation.folder / CONSULTATION_FILE}: the consultation is about "
                         f"{consultation.framework} {consultation.framework_version}, but the framework "
                         f"found is {fw.id} {fw.version}; give the right one with --framework")
    return fw


def _find_framework(version: str, framework: str | Path | None) -> model.Framework:
    from ..history.revisions import open_framework
    from ..reading.loader import load

    if framework is not None:
        return open_framework(framework)[0]
    try:
        return open_framework(version)[0]  # the release snapshot
    except UsageError:
        pass
    current = load()
    if current.version == version:
        return current
    raise UsageError(f"framework version {version} not found (not released, and the current framework is "
                     f"{current.version}); give it with --framework")


def dump_yaml(data: dict[str, Any], header: str = "") -> str:
    """Plain block YAML (no anchors, no tags, keys in the given order), with an optional comment header."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    lines = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return lines + body
