"""Something the framework relies on rests on made-up consultation data.

What: a consultation marked ``synthetic: true`` (generated sample data, such as
``consultations/2024-draft``) about this framework is relied on. Concretely:

- an element's text or evidence, a source's URL or archive, or the framework's
  own description names one of its consultation, theme, decision or response
  ids, or its folder (``consultations/2024-draft``);
- a release of this framework (its summary in ``releases/index.yaml``) names one;
- its ``decisions.yaml`` says this version of the framework is its response
  (``response_to`` is the version being validated), so the "you said, we did"
  of this version would rest on it;
- a consultation that is not marked synthetic holds a response that is, so its
  themes would mix made-up answers with real ones.

Why: generated responses show how the consultation tools work; they are not
anyone's feedback. A framework that cites them, or a release justified by them,
tells readers that educators said something they never said.

Example::

    # consultations/2024-draft/decisions.yaml (the sample is synthetic: true)
    response_to: 0.3.0        # the version being validated

Fix: rest the element or release on real evidence (a source, a real
consultation) and remove the reference; point a sample's ``response_to`` at a
version nothing relies on, or keep the sample's decisions out of the project.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields

from ..model import Framework, Located
from ..problems import Location, Problem
from ..project import ConsultationFiles, Project

CODE = "AHP044"
NAME = "synthetic-evidence"
SUMMARY = "Nothing the framework relies on rests on a consultation marked synthetic."

_ID = re.compile(r"\b[a-z][a-z0-9]*:(?:CONS|THEME|DEC|RESP)-[0-9]+\b")
_SYNTHETIC_LINE = re.compile(r"^synthetic:\s*true\s*$", re.MULTILINE)


@dataclass(frozen=True)
class _Sample:
    """A synthetic consultation about this framework: its folder, ids and decision log."""

    folder: str  # "consultations/<name>"
    ids: frozenset[str]
    response_to: tuple[str, Location] | None


def check(fw: Framework, project: Project) -> Iterator[Problem]:
    if not fw.root:
        return
    samples = []
    for consultation in project.consultations:
        sample, problems = _read(consultation, project, fw.id)
        yield from problems
        if sample is not None:
            samples.append(sample)
    if not samples:
        return
    for sample in samples:
        if sample.response_to is not None and sample.response_to[0] == fw.version:
            yield Problem(sample.response_to[1], CODE,
                          f"{sample.folder} is synthetic, yet its decisions.yaml gives version {fw.version} "
                          "as its response", element_id=fw.id,
                          hint="rest this version's changes on real evidence; point the sample's response_to "
                               "at a version nothing relies on")
    yield from _mentions(fw, project, samples)


def _read(files: ConsultationFiles, project: Project,
          framework_id: str) -> tuple[_Sample | None, list[Problem]]:
    """A synthetic consultation about ``framework_id`` (or None), and any synthetic response in a real one."""
    data = files.consultation.data  # unreadable: 'ahpfw consult check' reports it
    if not isinstance(data, dict) or data.get("framework") != framework_id:
        return None, []
    relative = files.folder.relative_to(project.home).as_posix()
    if data.get("synthetic") is not True:
        problems = [Problem(Location(str(path), _line_of(files.response_text(path)), 1), CODE,
                            f"{relative} is a real consultation but {path.name} is marked synthetic; its themes "
                            "would rest on made-up answers", element_id=str(data.get("id") or ""),
                            hint="keep generated responses in a consultation marked 'synthetic: true'")
                    for path in files.response_files if _SYNTHETIC_LINE.search(files.response_text(path))]
        return None, problems
    prefix = str(data.get("id", "")).partition(":")[0]
    ids = {str(data.get("id"))} | {f"{prefix}:{path.stem}" for path in files.response_files}
    response_to = None
    decisions = files.decisions
    if decisions is not None and isinstance(decisions.data, dict):
        log = decisions.data
        for key in ("themes", "decisions"):
            ids.update(str(item.get("id")) for item in log.get(key) or () if isinstance(item, dict))
        if "response_to" in log:
            where = decisions.positions.of(log, "response_to") or Location(str(decisions.path), 1, 1)
            response_to = (str(log["response_to"]), where)
    return _Sample(relative, frozenset(ids), response_to), []


def _line_of(text: str) -> int:
    for n, line in enumerate(text.splitlines(), 1):
        if _SYNTHETIC_LINE.fullmatch(line.strip()):
            return n
    return 1


def _mentions(fw: Framework, project: Project, samples: list[_Sample]) -> Iterator[Problem]:
    """Texts of the framework and its release summaries that name a synthetic consultation."""
    ids = {i: s for s in samples for i in s.ids}
    folders = tuple(s.folder for s in samples)

    def found(text: str) -> str | None:
        for folder in folders:
            if folder in text:
                return folder
        if ":" in text:
            for match in _ID.finditer(text):
                if match.group() in ids:
                    return match.group()
        return None

    for owner_id, obj in _holders(fw):
        for name, value in _strings(obj):
            what = found(value)
            if what:
                yield Problem(obj.where(name), CODE,
                              f"{owner_id}: '{name}' cites {what}, part of a synthetic consultation",
                              element_id=owner_id, hint="rest it on a source or a real consultation instead")
    yield from _release_mentions(fw, project, found)


def _holders(fw: Framework) -> Iterator[tuple[str, Located]]:
    yield fw.id, fw
    for work in fw.related_works:
        yield fw.id, work
    for element in fw.iter_elements():
        yield element.id, element
        for evidence in element.evidence:
            yield element.id, evidence
        for descriptor in getattr(element, "descriptors", ()):
            yield element.id, descriptor
            for evidence in descriptor.evidence:
                yield element.id, evidence


def _strings(obj: Located) -> Iterator[tuple[str, str]]:
    for f in fields(obj):  # type: ignore[arg-type]
        value = getattr(obj, f.name)
        if isinstance(value, str):
            yield f.name, value
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, str):
                    yield f.name, item


def _release_mentions(fw: Framework, project: Project, found) -> Iterator[Problem]:  # type: ignore[no-untyped-def]
    history = project.history(fw)
    try:
        releases = history.releases
    except Exception:  # noqa: BLE001 - an unreadable history is AHP020's to report
        return
    for release in releases:
        what = found(release.summary or "")
        if what:
            line = next((n for n, text in enumerate((history.index_text or "").splitlines(), 1)
                         if text.strip() in (f"- version: {release.version}", f"- version: '{release.version}'")), 1)
            yield Problem(Location(str(history.index_path), line, 1), CODE,
                          f"release {release.version}'s summary cites {what}, part of a synthetic consultation",
                          element_id=fw.id, hint="summarise the release from real evidence")
