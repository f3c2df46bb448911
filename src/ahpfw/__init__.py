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

#: The package version: the version of the framework it ships, with a fourth number for
#: code-only releases (see ahpfw/versions.py); ``ahpfw.__framework_version__`` is the framework's.
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
    "load": ("ahpfw.loader", "load"),
    "validate": ("ahpfw.validation", "validate"),
    "iter_problems": ("ahpfw.validation", "iter_problems"),
    "is_valid": ("ahpfw.validation", "is_valid"),
    "export": ("ahpfw.exporters", "export"),
    "diff": ("ahpfw.revisions", "diff"),
    "ChangeSet": ("ahpfw.changes", "ChangeSet"),
    "Framework": ("ahpfw.model", "Framework"),
    "Problem": ("ahpfw.problems", "Problem"),
    "Error": ("ahpfw.problems", "Error"),
    "UsageError": ("ahpfw.problems", "UsageError"),
    "FrameworkError": ("ahpfw.problems", "FrameworkError"),
    "ReleaseError": ("ahpfw.releases", "ReleaseError"),
    "MissingDependency": ("ahpfw.extras", "MissingDependency"),
}

if TYPE_CHECKING:  # pragma: no cover
    from .changes import ChangeSet
    from .exporters import export
    from .extras import MissingDependency
    from .loader import load
    from .model import Framework
    from .problems import Error, FrameworkError, Problem, UsageError
    from .releases import ReleaseError
    from .revisions import diff
    from .validation import is_valid, iter_problems, validate


def __getattr__(name: str) -> Any:
    if name == "__framework_version__":  # read from the shipped framework.yaml when first asked for
        from .versions import framework_version

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
