"""Where frameworks, the schema and the exports live.

A command given no path works on the framework of the project the working
directory is in, found upwards from it as git finds its repository
(:func:`find_project`), and outside any project on the framework shipped inside
the installed package.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import UsageError

if TYPE_CHECKING:
    from .schema.info import SchemaInfo

SCHEMA_YAML = Path("schema", "ahpfw.yaml")
RELEASES = "releases"
FRAMEWORKS = "frameworks"  # further frameworks, one folder each (framework/ stays the AHP framework's)
CROSSWALKS = "crosswalks"  # mapping sets between frameworks, one YAML file each
ACCEPTED_GAPS = "accepted-gaps.yaml"  # in crosswalks/: the gaps a project accepts (not a crosswalk)
DEFAULT_NAME = "ahpfw"  # the name of the AHP framework among the shipped ones


@cache
def data_root() -> Path:
    """The folder holding the shipped ``framework/``, ``schema/``, ``releases/`` and ``exports/``.

    Inside a wheel this is the package's ``_data`` folder; in a source checkout
    (or an editable install) it is the checkout itself.
    """
    packaged = Path(str(resources.files("ahpfw"))) / "_data"
    if (packaged / "framework").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def find_project(start: Path | None = None) -> tuple[Path, Path] | None:
    """(project folder, framework folder) of the working directory, found as git finds its repository;
    None outside any project (commands then use the framework shipped inside the package).

    From ``start`` (the working directory) upwards, the first folder that is a
    framework (holds ``framework.yaml``: you are in it, or in one of its folders)
    or holds a ``framework/`` folder is the one meant, with or without a
    ``schema/`` beside it (without one, the shipped schema checks it: see
    :func:`json_schema_path`). A ``framework/`` holding no ``framework.yaml`` in
    the working directory, or around it, is refused (:class:`UsageError`) rather
    than passed over for another framework; one beside a folder further up (not
    the user's) is passed over.
    """
    here = Path.cwd() if start is None else Path(start).absolute()
    for folder in (here, *here.parents):
        if (folder / "framework.yaml").is_file():
            above = folder.parent
            return (above.parent if above.name == FRAMEWORKS else above), folder
        if (folder / "framework").is_dir():
            if (folder / "framework" / "framework.yaml").is_file():
                return folder, folder / "framework"
            if folder == here or here.is_relative_to(folder / "framework"):  # one you see, or are in
                raise UsageError(f"{folder / 'framework'}: this framework folder holds no framework.yaml; add it, "
                                 "or give the framework folder to use as PATH")
    return None


def checkout_root(start: Path | None = None) -> Path | None:
    """The project folder the working directory is in (see :func:`find_project`), else None."""
    found = find_project(start)
    return found[0] if found else None


def project_root(framework_dir: Path) -> Path:
    """The project folder a framework belongs to: its :func:`own_project`, else the data root."""
    return own_project(framework_dir) or data_root()


def own_project(framework_dir: Path) -> Path | None:
    """The folder a framework sits in when that has a schema/ (for ``frameworks/<name>/``, its
    grandparent), else None."""
    parent = framework_dir.resolve().parent
    if (parent / SCHEMA_YAML).is_file():
        return parent
    if parent.name == FRAMEWORKS and (parent.parent / SCHEMA_YAML).is_file():
        return parent.parent
    return None


def shipped_frameworks() -> dict[str, Path]:
    """The frameworks shipped with the package (or in this source tree), by name; see :func:`frameworks_in`."""
    return frameworks_in(data_root())


def frameworks_in(root: Path) -> dict[str, Path]:
    """The frameworks of a project folder, by name.

    ``ahpfw`` is the AHP framework in ``framework/``; every other name is a
    folder under ``frameworks/``.
    """
    found = {DEFAULT_NAME: root / "framework"} if (root / "framework" / "framework.yaml").is_file() else {}
    extra = root / FRAMEWORKS
    if extra.is_dir():
        for folder in sorted(extra.iterdir()):
            if (folder / "framework.yaml").is_file():
                found.setdefault(folder.name, folder)
    return found


def crosswalks_dir(framework_dir: Path | None = None) -> Path:
    """The ``crosswalks/`` folder of a framework's project (of the default framework's, with None)."""
    return project_root(resolve_framework_dir(framework_dir)) / CROSSWALKS


def releases_dir(framework_dir: Path) -> Path:
    """The ``releases/`` folder of a framework's history: beside the framework folder.

    In a checkout that is ``<checkout>/releases``; for the shipped framework, the
    package's ``_data/releases``; for a further framework ``frameworks/<name>/``,
    ``releases/<name>/`` of its project. A framework folder with no ``releases/``
    beside it has no release history (the folder may not exist).
    """
    folder = Path(framework_dir).resolve()
    if folder.parent.name == FRAMEWORKS:
        return folder.parent.parent / RELEASES / folder.name
    return folder.parent / RELEASES


def given_releases(folder: str | Path) -> Path:
    """The release history a user named (``--releases DIR``) for a framework kept apart from it: ``folder``
    itself when it holds ``index.yaml``, else its ``releases/`` when that does. Raises :class:`UsageError`
    when ``folder`` is not a folder. :meth:`ahpfw.project.Project.open` takes it as ``releases``.
    """
    refuse_empty(folder, "the folder holding the release history (its index.yaml)")
    given = Path(folder)
    if not given.is_dir():
        raise UsageError(f"{given}: no such folder; give the release history (the releases/ folder holding "
                         "index.yaml)")
    if not (given / "index.yaml").is_file() and (given / RELEASES / "index.yaml").is_file():
        given = given / RELEASES
    return given.resolve()


def default_releases_dir() -> Path:
    """``./releases`` inside a checkout, else the releases shipped with the package."""
    return (checkout_root() or data_root()) / RELEASES


def is_packaged(path: Path) -> bool:
    """True when ``path`` lies inside the installed package's data (which is never written to)."""
    packaged = Path(str(resources.files("ahpfw"))).resolve() / "_data"
    return Path(path).resolve().is_relative_to(packaged)


def default_framework_dir() -> Path:
    """The framework the working directory is in or holds (:func:`find_project`), else the shipped framework."""
    found = find_project()
    return found[1] if found else data_root() / "framework"


def schema_note(framework_dir: Path) -> str | None:
    """For verbose output: that a framework outside the package has no schema/ of its own and is checked
    against the shipped one; None when it has one (or is the shipped framework)."""
    if own_project(framework_dir) is not None or is_packaged(framework_dir):
        return None
    return (f"no {SCHEMA_YAML.parts[0]}/ beside {framework_dir}: checking it against the schema shipped with "
            f"ahpfw ({json_schema_path(framework_dir)})")


def resolve_framework_dir(path: str | Path | None = None) -> Path:
    """Turn a user's PATH argument (or None) into a framework folder.

    Accepts a framework folder, a project folder holding ``framework/``, the
    framework's ``framework.yaml``, or the name of a shipped framework (``ahpfw``,
    ``hcsw-roadmap``; see :func:`shipped_frameworks`) when no such path exists.
    Raises :class:`UsageError` when it is none of these, or empty (:func:`refuse_empty`).
    """
    if path is None:
        return default_framework_dir()
    refuse_empty(path, "a framework folder, its framework.yaml or a shipped framework's name")
    p = Path(path)
    if p.is_file() and p.name == "framework.yaml":
        return p.parent
    if p.is_dir():
        if (p / "framework.yaml").is_file():
            return p
        if (p / "framework" / "framework.yaml").is_file():
            return p / "framework"
        raise UsageError(f"{p}: no framework.yaml here; give the framework folder (the one holding framework.yaml)")
    if p.exists():
        raise UsageError(f"{p}: not a framework folder or framework.yaml")
    shipped = shipped_frameworks()
    if str(path) in shipped:
        return shipped[str(path)]
    raise UsageError(f"{p}: no such file or folder, nor a shipped framework ({', '.join(shipped)})")


def refuse_empty(path: str | Path, what: str) -> None:
    """Raise :class:`UsageError` for an empty PATH (``''`` would otherwise mean the working directory,
    which an empty variable in a script does not mean to name); ``what`` says what to give instead."""
    if not str(path).strip():
        raise UsageError(f"the PATH given is empty; give {what}, or leave PATH out for the default")


def resolve_framework_dirs(path: str | Path | None = None) -> list[Path]:
    """Like :func:`resolve_framework_dir`, but a folder of framework folders gives each of them, sorted."""
    try:
        return [resolve_framework_dir(path)]
    except UsageError:
        p = Path(path) if path is not None and str(path).strip() else None  # '' is refused, not '.'
        if p is None or not p.is_dir():
            raise
        folders = sorted(f for f in p.iterdir() if (f / "framework.yaml").is_file())
        if not folders:
            raise
        return folders


def schema_info(framework_dir: Path) -> SchemaInfo:
    """What the schema describing this framework says (:mod:`ahpfw.schema.info`): its project's schema,
    else the package's. Raises :class:`~ahpfw.schema.info.StaleSchema` when the schema changed since its
    files were derived."""
    from .schema.info import derived_for

    return derived_for(schema_yaml_path(framework_dir), data_root() / SCHEMA_YAML)


def package_schema() -> SchemaInfo:
    """What the package's own schema says (:func:`schema_info` of the shipped framework)."""
    return schema_info(data_root() / "framework")


def json_schema_path(framework_dir: Path) -> Path:
    """The JSON Schema (derived from the LinkML schema) that checks this framework; see :func:`schema_info`."""
    return schema_info(framework_dir).json_schema_path


def schema_yaml_path(framework_dir: Path) -> Path:
    """The LinkML schema that describes this framework (its project's, else the shipped one)."""
    candidate = project_root(framework_dir) / SCHEMA_YAML
    if candidate.is_file():
        return candidate
    return data_root() / SCHEMA_YAML
