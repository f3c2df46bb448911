"""The validation rules: one module per rule, each with a code, a name and a docstring.

A rule module defines ``CODE`` (``AHPnnn``), ``NAME`` (kebab-case), ``SUMMARY``
(one line), ``SEVERITY`` (``error`` or ``warning``), a docstring with the
sections *What*, *Why*, *Example* and *Fix*, and ``check(fw)`` yielding
:class:`~ahpfw.problems.Problem`, or ``check(fw, project)`` when the rule needs
more of the framework's project than the framework (its release history, its
consultations, its archived sources: see :class:`ahpfw.project.Project`); a rule
never opens a file itself. A rule on the project's crosswalks (``ahpfw
crosswalks``) defines ``check_crosswalks(project)``, instead of ``check`` or as
well. The problems AHP001-AHP005 are raised by the reader (:mod:`ahpfw.reading.yamlfile`:
reading; :mod:`ahpfw.reading.loader`: layout and schema conformance), which documents
them where it raises them (``READS``); they are listed here with the rules, with
no check, because a framework that reaches the rules has passed them.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from ..model import Framework
from ..problems import Check, Problem
from ..project import Project


@dataclass(frozen=True)
class Rule:
    """A validation rule, read from its module."""

    code: str
    name: str
    summary: str
    severity: str
    doc: str
    check: Callable[..., Iterator[Problem]] | None  # check(fw), or check(fw, project): see needs_project
    module: str
    needs_project: bool = False  # whether ``check`` takes the framework's project too
    #: check_crosswalks(project): the problems in the project's crosswalks (``ahpfw crosswalks``)
    check_crosswalks: Callable[[Project], Iterator[Problem]] | None = None

    @classmethod
    def from_check(cls, check: Check, module: str) -> Rule:
        """A problem the reader raises (:class:`~ahpfw.problems.Check`), documented in ``module``: it has no
        check of its own, since a framework that reaches the rules has passed it."""
        return cls(check.code, check.name, check.summary, check.severity, inspect.cleandoc(check.doc), None, module)

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        check = getattr(module, "check", None)
        return cls(module.CODE, module.NAME, module.SUMMARY, getattr(module, "SEVERITY", "error"),
                   (module.__doc__ or "").strip(), check, module.__name__,
                   check is not None and len(inspect.signature(check).parameters) > 1,
                   getattr(module, "check_crosswalks", None))

    def run(self, fw: Framework, project: Project) -> Iterator[Problem]:
        """The rule's problems in ``fw``, a framework of ``project`` (none for a crosswalk rule)."""
        if self.check is None:
            return iter(())
        return self.check(fw, project) if self.needs_project else self.check(fw)


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code: the reader's problems and the rule modules."""
    from ..reading import loader, yamlfile

    rules = [Rule.from_check(check, reader.__name__) for reader in (yamlfile, loader) for check in reader.READS]
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("ahp"):
            rules.append(Rule.from_module(importlib.import_module(f"{__name__}.{info.name}")))
    return tuple(sorted(rules, key=lambda r: r.code))


def get_rule(code: str) -> Rule:
    """The rule with this code (``AHP013``) or name (``stage-coverage``)."""
    for rule in all_rules():
        if code.upper() == rule.code or code == rule.name:
            return rule
    raise KeyError(code)
