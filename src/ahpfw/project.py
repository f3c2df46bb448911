"""One project, loaded once: every file it holds is read the first time something asks for it, and kept.

A project is the folder a framework sits in::

    framework/          the AHP framework (frameworks/<name>/ the others)
    schema/ahpfw.yaml   the LinkML schema (the package's own when a project has none)
    crosswalks/         mapping sets between frameworks, and accepted-gaps.yaml
    releases/           the release index and a snapshot per release (releases/<name>/ for frameworks/<name>/)
    consultations/      one folder per consultation
    framework/sources/  the archived texts of the sources

and everything else works from what was read::

    files --> Project.open(path) --> rules (validation), exporters, diff, consultation

Every command starts from :meth:`Project.open` (or :meth:`Project.at` for a project folder);
a library call given a loaded framework finds the project it came from with :meth:`Project.of`.
Rules and exporters take what they need from the project and open no file of it themselves
(``tests/test_project.py`` runs them all under an audit hook that refuses). Each part is read
when first asked for and kept, so that a command reads only what it uses and no file twice;
:meth:`Project.read_all` reads every part at once (the build does, before it forks).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import model
from .history.releaseindex import ReleaseHistory
from .paths import (
    ACCEPTED_GAPS,
    CROSSWALKS,
    FRAMEWORKS,
    frameworks_in,
    given_releases,
    own_project,
    releases_dir,
    resolve_framework_dir,
    schema_yaml_path,
)
from .problems import FrameworkError, Problem, UsageError

if TYPE_CHECKING:
    from .crosswalks import Accepted, MappingSet
    from .provenance.evidence import ArchivedText, ArchiveError
    from .reading.yamlfile import Positions
    from .schema.info import SchemaInfo

CONSULTATIONS = "consultations"


class Project:
    """A project's frameworks, crosswalks, accepted gaps, release history, consultations and archived
    sources, each read once when first asked for; see the module's docstring."""

    def __init__(self, home: Path, framework_dir: Path | None = None, *, in_project: bool | None = None,
                 crosswalk_files: Sequence[Path] | None = None, releases: Path | None = None):
        #: the folder holding releases/ and consultations/ (and crosswalks/ in a project)
        self.home = Path(home)
        #: the framework the command works on (None: a project folder without framework/)
        self.framework_dir = framework_dir
        #: the release history of the framework worked on, when it is not beside it (``--releases DIR``)
        self.releases = releases
        #: the project folder (with schema/) when the framework is one of its frameworks, else None;
        #: ``in_project`` says so instead of looking
        self.root: Path | None = self.home if in_project else None
        if in_project is None and framework_dir is not None:
            self.root = own_project(framework_dir)
        self._crosswalk_files = None if crosswalk_files is None else tuple(crosswalk_files)
        self._histories: dict[Path, ReleaseHistory] = {}
        self._archives: dict[tuple[str, str], ArchivedText | ArchiveError] = {}

    # ------------------------------------------------------------------
    # Opening

    @classmethod
    def open(cls, path: str | Path | None = None, *, releases: str | Path | None = None) -> Project:
        """The project of the framework ``path`` names: a framework folder, its ``framework.yaml``, a
        project folder holding ``framework/``, a shipped framework's name, or None for ``./framework``
        in a checkout and otherwise the shipped framework. ``releases`` names the framework's release
        history when it is not beside it (a ``releases/`` folder, or a folder holding one). Raises
        :class:`UsageError` when ``path`` or ``releases`` names none of these; nothing is read yet
        (``.framework`` reads the framework)."""
        folder = resolve_framework_dir(path)
        return cls(_home(folder), folder, releases=None if releases is None else given_releases(releases))

    @classmethod
    def given(cls, source: str | Path | Project | None, *, releases: str | Path | None = None) -> Project:
        """The project a library function was given: ``source`` itself when it is a project (opened with its
        release history), else :meth:`open` of the framework ``source`` names, with ``releases``. Raises
        :class:`UsageError` for a project given with ``releases`` beside it."""
        if isinstance(source, Project):
            if releases is not None:
                raise UsageError("give the release history to Project.open(..., releases=...), not beside a project")
            return source
        return cls.open(source, releases=releases)

    @classmethod
    def at(cls, path: str | Path | None = None) -> Project:
        """The project a folder names: a project folder (holding ``framework/`` or ``crosswalks/``; its
        ``framework/``, when it has one, is the framework worked on), its ``crosswalks/`` folder, or one
        crosswalk file (then the only crosswalk read); None for this checkout, else the shipped data.
        Raises :class:`UsageError` when ``path`` names none of these."""
        from .crosswalks import project_root_of

        root = project_root_of(path)
        folder = root / "framework"
        single = [Path(path)] if path is not None and Path(path).is_file() else None
        return cls(root, folder if (folder / "framework.yaml").is_file() else None, in_project=True,
                   crosswalk_files=single)

    @classmethod
    def of(cls, fw: model.Framework) -> Project:
        """The project ``fw`` was loaded in; for a framework loaded otherwise (``ahpfw.load``, a release
        snapshot), a project around it, which reads the rest of its project (if any) when asked."""
        ref = _OWNERS.get(id(fw))
        project = ref() if ref is not None else None
        if project is not None:
            return project
        folder = Path(fw.root) if fw.root else None
        project = cls(_home(folder) if folder else Path("."), folder, in_project=None if folder else False)
        project.__dict__["framework"] = fw
        _own(fw, project)
        return project

    def read_all(self) -> Project:
        """Read every part now. Raises :class:`FrameworkError` when the framework worked on cannot be
        read; what else is unreadable is kept, to be reported when asked for, as when each part is read."""
        if self.framework_dir is not None:
            _ = self.framework
        self.schema.read_all()
        for fw in self.frameworks.values():
            self.history(fw)
            self.archives(fw)
        _ = self.mapping_sets, self.consultations
        try:
            _ = self.accepted_gaps
        except FrameworkError:
            pass
        for history in self._histories.values():
            history.read_all()
        for consultation in self.consultations:
            consultation.read_all()
        return self

    # ------------------------------------------------------------------
    # Frameworks

    @cached_property
    def framework(self) -> model.Framework:
        """The framework worked on. Raises :class:`FrameworkError` (located problems) when it cannot be
        read or does not fit the schema, :class:`UsageError` when the project has none."""
        if self.framework_dir is None:
            raise UsageError(f"{self.home}: no framework/ here")
        from .reading.loader import load

        fw = load(self.framework_dir)
        _own(fw, self)
        return fw

    @cached_property
    def _frameworks(self) -> tuple[dict[str, model.Framework], tuple[Problem, ...]]:
        folders = list(frameworks_in(self.root).values()) if self.root is not None else []
        mine = self.framework_dir.resolve() if self.framework_dir is not None else None
        if mine is not None and mine not in {f.resolve() for f in folders}:
            folders = [self.framework_dir]  # a framework outside any project: its project is itself
        found: dict[str, model.Framework] = {}
        problems: list[Problem] = []
        for folder in folders:
            try:
                fw = self.framework if folder.resolve() == mine else self._load_other(folder)
            except FrameworkError as exc:
                problems.extend(exc.problems)
                continue
            found.setdefault(fw.id, fw)
        return found, tuple(problems)

    def _load_other(self, folder: Path) -> model.Framework:
        from .reading.loader import load

        fw = load(folder)
        _own(fw, self)
        return fw

    @property
    def frameworks(self) -> dict[str, model.Framework]:
        """Every framework of the project that could be read, by framework id (the one worked on is
        the same object as :attr:`framework`)."""
        return self._frameworks[0]

    @property
    def framework_problems(self) -> tuple[Problem, ...]:
        """Why a framework of the project could not be read."""
        return self._frameworks[1]

    def element(self, framework_id: str, element_id: str) -> model.Element | None:
        """An element of one of the project's frameworks, or None."""
        fw = self.frameworks.get(framework_id)
        return fw.elements.get(element_id) if fw is not None else None

    # ------------------------------------------------------------------
    # Crosswalks and accepted gaps

    @cached_property
    def _crosswalks(self) -> tuple[tuple[MappingSet, ...], tuple[Problem, ...]]:
        from .crosswalks import crosswalk_files, read_mapping_set

        if self._crosswalk_files is not None:
            files: Sequence[Path] = self._crosswalk_files
        elif self.root is not None:
            files = crosswalk_files(self.root / CROSSWALKS)
        else:
            files = ()
        sets, problems = [], []
        for file in files:
            try:
                sets.append(read_mapping_set(file))
            except FrameworkError as exc:
                problems.extend(exc.problems)
        return tuple(sets), tuple(problems)

    @property
    def mapping_sets(self) -> tuple[MappingSet, ...]:
        """The crosswalks that could be read, in file name order."""
        return self._crosswalks[0]

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Why a framework or a crosswalk of the project could not be read."""
        return self.framework_problems + self._crosswalks[1]

    def mapping_set(self, name_or_id: str) -> MappingSet:
        """A mapping set by file name (``ahpfw-needs``) or id; :class:`UsageError` when there is none."""
        for ms in self.mapping_sets:
            if name_or_id in (ms.name, ms.id):
                return ms
        raise UsageError(f"no crosswalk {name_or_id!r}; there are: {', '.join(m.name for m in self.mapping_sets)}")

    def mapping_sets_of(self, fw: model.Framework) -> list[MappingSet]:
        """The mapping sets whose subject or object framework is ``fw``, sorted by name; none when ``fw``
        is not one of the project's frameworks."""
        if self.frameworks.get(fw.id) is not fw:
            return []
        return sorted((ms for ms in self.mapping_sets if fw.id in (ms.subject_framework, ms.object_framework)),
                      key=lambda ms: ms.name)

    @cached_property
    def accepted_gaps(self) -> tuple[Accepted, ...]:
        """The entries of ``crosswalks/accepted-gaps.yaml`` (none without one). Raises
        :class:`FrameworkError` with located problems when it is unreadable or malformed."""
        from .crosswalks import read_accepted

        return read_accepted(self.root / CROSSWALKS / ACCEPTED_GAPS) if self.root is not None else ()

    # ------------------------------------------------------------------
    # Release history, consultations, archived sources

    def history(self, fw: model.Framework | None = None) -> ReleaseHistory:
        """The release history of a framework (by default the one worked on, which this does not read): the one
        the project was opened with (``releases``) for the framework worked on, else the one beside the
        framework's folder."""
        if fw is None and self.framework_dir is None:
            raise UsageError(f"{self.home}: no framework/ here")
        where = self.framework_dir if fw is None else Path(fw.root) if fw.root else None
        folder = None
        if where is not None:
            folder = self.releases if self.releases is not None and self._worked_on(where) else releases_dir(where)
        key = folder or Path()
        if key not in self._histories:
            self._histories[key] = ReleaseHistory(folder)
        return self._histories[key]

    def _worked_on(self, folder: Path) -> bool:
        return self.framework_dir is not None and folder.resolve() == self.framework_dir.resolve()

    @cached_property
    def consultations(self) -> tuple[ConsultationFiles, ...]:
        """The consultation folders beside the framework (``consultations/*/consultation.yaml``), as read."""
        folder = self.home / CONSULTATIONS
        if self.framework_dir is None or not folder.is_dir():
            return ()
        return tuple(ConsultationFiles(path.parent) for path in sorted(folder.glob("*/consultation.yaml")))

    def archives(self, fw: model.Framework | None = None) -> dict[str, ArchivedText | ArchiveError]:
        """Each source of a framework (by default the one worked on) that names an archived text, by id:
        the text, or why it cannot be used."""
        from .provenance.evidence import ArchiveError, archive_path, read_archive

        fw = self.framework if fw is None else fw
        out: dict[str, ArchivedText | ArchiveError] = {}
        for source in fw.sources:
            if not source.archive:
                continue
            key = (fw.root or ".", source.archive)
            if key not in self._archives:
                try:
                    self._archives[key] = read_archive(archive_path(key[0], source.archive))
                except ArchiveError as exc:
                    self._archives[key] = exc
            out.setdefault(source.id, self._archives[key])
        return out

    @property
    def schema_path(self) -> Path:
        """The LinkML schema describing the project's frameworks (its own, else the package's)."""
        return schema_yaml_path(self.framework_dir if self.framework_dir is not None else self.home / "framework")

    @cached_property
    def schema(self) -> SchemaInfo:
        """What the schema says, from the files derived from it (:mod:`ahpfw.schema.info`). Raises
        :class:`~ahpfw.schema.info.StaleSchema` when the schema changed since they were derived."""
        from .paths import SCHEMA_YAML, data_root
        from .schema.info import derived_for

        return derived_for(self.schema_path, data_root() / SCHEMA_YAML)


# ----------------------------------------------------------------------
# The parts


@dataclass(frozen=True)
class YamlFile:
    """A YAML file as read: its data and positions, or the problem that stopped it being read."""

    path: Path
    data: Any = None
    positions: Positions | None = None
    problem: Problem | None = None

    @classmethod
    def read(cls, path: Path) -> YamlFile:
        from .reading.yamlfile import YamlError, read_yaml

        try:
            data, positions = read_yaml(path)
        except YamlError as exc:
            return cls(path, problem=exc.problem)
        return cls(path, data, positions)


class ConsultationFiles:
    """One consultation folder as read: ``consultation.yaml``, ``decisions.yaml`` (None without one) and its
    stored responses, each read when first asked for (never the contacts)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.consultation = YamlFile.read(folder / "consultation.yaml")
        decisions = folder / "decisions.yaml"
        self.decisions = YamlFile.read(decisions) if decisions.is_file() else None
        #: the stored response files, in id order
        self.response_files = tuple(sorted((folder / "responses").glob("RESP-*.yaml")))
        self._texts: dict[Path, str] = {}

    def response_text(self, path: Path) -> str:
        """The text of one of :attr:`response_files` (undecodable bytes replaced), read once."""
        if path not in self._texts:
            self._texts[path] = path.read_text(encoding="utf-8", errors="replace")
        return self._texts[path]

    def read_all(self) -> None:
        for path in self.response_files:
            self.response_text(path)


# ----------------------------------------------------------------------
# Which project a framework was loaded in

_OWNERS: dict[int, weakref.ref[Project]] = {}


def _own(fw: model.Framework, project: Project) -> None:
    """Remember that ``fw`` was loaded in ``project`` (forgotten when ``fw`` is freed; the project is not
    kept alive by this)."""
    key = id(fw)
    if key not in _OWNERS:
        weakref.finalize(fw, _OWNERS.pop, key, None)
    _OWNERS[key] = weakref.ref(project)


def _home(framework_dir: Path) -> Path:
    """The folder beside which a framework's releases/ and consultations/ are (for ``frameworks/<name>/``,
    the folder holding ``frameworks/``)."""
    folder = Path(framework_dir).resolve()
    return folder.parent.parent if folder.parent.name == FRAMEWORKS else folder.parent

