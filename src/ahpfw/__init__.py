"""ahpfw: the AHP Education Workforce Capability and Career Framework, as data.

    >>> import ahpfw
    >>> fw = ahpfw.load()
    >>> fw.version == ahpfw.__framework_version__
    True

The public API is imported lazily so that ``import ahpfw`` stays fast.
Every error it raises on purpose is an :class:`ahpfw.Error`: a
:class:`UsageError` when an argument names nothing usable, a
:class:`FrameworkError` (with ``.problems``) when a framework cannot be loaded,
a :class:`ReleaseError` when a release is refused, a :class:`MissingDependency`
when a feature needs a library of an extra that is not installed.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import _moved

#: The package version: the version of the framework it ships, with a fourth number for
#: code-only releases (see ahpfw/history/versions.py); ``ahpfw.__framework_version__`` is the framework's.
__version__ = "0.4.0"

__all__ = [
    "__version__",
    "__framework_version__",
    "load",
    "validate",
    "iter_problems",
    "is_valid",
    "export",
    "diff",
    "ChangeSet",
    "Framework",
    "Problem",
    "Error",
    "UsageError",
    "FrameworkError",
    "ReleaseError",
    "MissingDependency",
]

_LAZY = {
    "load": ("ahpfw.reading.loader", "load"),
    "validate": ("ahpfw.rules.validation", "validate"),
    "iter_problems": ("ahpfw.rules.validation", "iter_problems"),
    "is_valid": ("ahpfw.rules.validation", "is_valid"),
    "export": ("ahpfw.exporters", "export"),
    "diff": ("ahpfw.history.revisions", "diff"),
    "ChangeSet": ("ahpfw.history.changes", "ChangeSet"),
    "Framework": ("ahpfw.model", "Framework"),
    "Problem": ("ahpfw.problems", "Problem"),
    "Error": ("ahpfw.problems", "Error"),
    "UsageError": ("ahpfw.problems", "UsageError"),
    "FrameworkError": ("ahpfw.problems", "FrameworkError"),
    "ReleaseError": ("ahpfw.editing.releases", "ReleaseError"),
    "MissingDependency": ("ahpfw.extras", "MissingDependency"),
}

_moved.install()  # the modules' names of package 0.4.0 still import (ahpfw._moved)

if TYPE_CHECKING:  # pragma: no cover
    from .editing.releases import ReleaseError
    from .exporters import export
    from .extras import MissingDependency
    from .history.changes import ChangeSet
    from .history.revisions import diff
    from .model import Framework
    from .problems import Error, FrameworkError, Problem, UsageError
    from .reading.loader import load
    from .rules.validation import is_valid, iter_problems, validate


def __getattr__(name: str) -> Any:
    if name == "__framework_version__":  # read from the shipped framework.yaml when first asked for
        from .history.versions import framework_version

        globals()[name] = framework_version()
        return globals()[name]
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'ahpfw' has no attribute {name!r}") from None
    value = getattr(import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
