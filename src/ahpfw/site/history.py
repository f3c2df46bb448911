"""The release history a site shows: each release, what changed in it, and each element's story.

Read from the snapshots in ``releases/`` beside the framework folder (see
:mod:`ahpfw.editing.releases`) and compared with :func:`ahpfw.history.changes.compare`. A
framework with no release history gets an empty :class:`History`, and the site
says that the framework has not been released yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..history.changes import Change, ChangeSet, compare
from ..history.errata import Erratum
from ..history.releaseindex import Release
from ..model import Framework


@dataclass(frozen=True)
class Step:
    """One release (or the unreleased working draft) and what changed since the release before it.

    ``changes`` is None for the first release; ``release`` is None for the draft. ``errata`` are the
    corrections recorded against a release since (:mod:`ahpfw.history.errata`).
    """

    version: str
    status: str
    date: str
    summary: str
    framework: Framework
    changes: ChangeSet | None
    release: Release | None = None
    errata: tuple[Erratum, ...] = ()

    @property
    def draft(self) -> bool:
        return self.release is None


@dataclass(frozen=True)
class Event:
    """Something that happened to one element in one step: first published, or changed."""

    step: Step
    change: Change | None  # None: the element first appeared in this step


@dataclass(frozen=True)
class History:
    """The releases of a framework, oldest first, then the working draft when it differs from the last."""

    steps: tuple[Step, ...] = ()
    _events: dict[str, list[Event]] = field(default_factory=dict, repr=False)

    @property
    def releases(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if not s.draft)

    def events(self, element_id: str) -> list[Event]:
        """What happened to an element, oldest first."""
        return self._events.get(element_id, [])


def read_history(fw: Framework, folder: Path | None = None) -> History:
    """The release history of ``fw``: the snapshots in ``folder`` (by default beside its framework folder,
    as its project has read them: :meth:`ahpfw.project.Project.history`).

    Only releases of the same framework (same ``id``) count. When the current
    framework is not exactly the last release, it is the last step, marked as the draft.
    """
    from ..history.errata import of_release
    from ..history.releaseindex import ReleaseHistory
    from ..project import Project

    if folder is None:
        if not fw.root:
            return History()
        releases = Project.of(fw).history(fw)
    else:
        releases = ReleaseHistory(folder)
    released = list(releases.snapshots(fw.id))
    errata = releases.errata({release.version: snapshot for release, snapshot in released}) if released else []
    steps: list[Step] = []
    previous: Framework | None = None
    for release, snapshot in released:
        changes = None if previous is None else compare(previous, snapshot)
        steps.append(Step(release.version, release.status, release.date, release.summary, snapshot, changes, release,
                          tuple(of_release(errata, release.version))))
        previous = snapshot
    draft_changes = None if previous is None else compare(previous, fw)
    if previous is None or not draft_changes.identical:
        steps.append(Step(fw.version, fw.status, fw.date, "", fw, draft_changes))
    return History(tuple(steps), _index_events(steps))


def _index_events(steps: list[Step]) -> dict[str, list[Event]]:
    events: dict[str, list[Event]] = {}
    seen: set[str] = set()
    for step in steps:
        for element_id in step.framework.elements:
            if element_id not in seen:
                seen.add(element_id)
                events.setdefault(element_id, []).append(Event(step, None))
        if step.changes is not None:
            for change in step.changes.changes:
                if change.type != "added":
                    events.setdefault(change.id, []).append(Event(step, change))
    return events
