"""The libraries only some features use, the extra that installs each, and the error for a missing one.

``pip install ahpfw`` reads, validates and compares; writing the exports, the
site or the YAML (keeping its comments) needs the ``export`` extra, the
consultation forms the ``consult`` extra, and deriving the schema's files after
a change to the schema (``ahpfw schema``) the ``schema`` extra (LinkML). A
function or export format that needs one of these libraries says so (:func:`needs`, an exporter's ``NEEDS``)
and raises :class:`MissingDependency`, an :class:`ahpfw.Error` naming what to
install, before it does anything, instead of a bare ``ModuleNotFoundError``
halfway through. The command line prints the same message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any, TypeVar

from .problems import Error

#: Libraries that only some features use (top-level module name), and the extra that installs each.
OPTIONAL_MODULES = {"linkml": "schema", "linkml_runtime": "schema", "rdflib": "schema", "openpyxl": "export",
                    "ruamel": "export", "defusedxml": "export", "jinja2": "export", "markupsafe": "export"}


class MissingDependency(Error, ModuleNotFoundError):
    """A feature needs a library that is not installed; the message names the extra that installs it.

    Also a ``ModuleNotFoundError`` (``name`` is the library's module), so code that catches that still works.
    """

    def __init__(self, module: str, what: str | None = None):
        top = module.split(".")[0]
        self.extra = OPTIONAL_MODULES.get(top)
        install = f"pip install 'ahpfw[{self.extra}]'" if self.extra else f"install {top}"
        ModuleNotFoundError.__init__(self, f"{what or 'this'} needs {module}, which is not installed: {install}",
                                     name=top)


def missing_dependency(exc: ModuleNotFoundError, what: str | None = None) -> MissingDependency | None:
    """The :class:`MissingDependency` for a failed import of an optional library; None for any other module
    (a bug, not a missing extra)."""
    if isinstance(exc, MissingDependency):  # it already says what needs what
        return exc
    top = (exc.name or "").split(".")[0]
    return MissingDependency(top, what) if top in OPTIONAL_MODULES else None


def require(modules: Iterable[str], what: str) -> None:
    """Import each of ``modules`` (module names, ``ruamel.yaml``), or raise :class:`MissingDependency`
    saying that ``what`` needs it and which extra installs it."""
    for name in modules:
        try:
            import_module(name)
        except ImportError as exc:  # the library itself, or one it needs in turn (Jinja2's MarkupSafe)
            missing = exc.name if (exc.name or "").split(".")[0] in OPTIONAL_MODULES else name
            raise MissingDependency(missing, what) from exc


def available(*modules: str) -> bool:
    """Whether every one of ``modules`` can be imported (a check that imports them)."""
    try:
        require(modules, "")
    except MissingDependency:
        return False
    return True


F = TypeVar("F", bound=Callable[..., Any])


def needs(*modules: str) -> Callable[[F], F]:
    """Decorate a public function that needs optional libraries: each call checks them first
    (:func:`require`), so a missing one raises :class:`MissingDependency` before anything is done."""

    def decorate(func: F) -> F:
        what = f"{func.__module__}.{func.__qualname__}()"

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            require(modules, what)
            return func(*args, **kwargs)

        wrapper.needs = modules  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
