"""The validation rules: one module per rule, each with a code, a name and a docstring.

A rule module defines ``CODE`` (``AHPnnn``), ``NAME`` (kebab-case), ``SUMMARY``
(one line), ``SEVERITY`` (``error`` or ``warning``), a docstring with the
sections *What*, *Why*, *Example* and *Fix*, and ``check(fw)`` yielding
:class:`~ahpfw.problems.Problem`. Rules AHP001-AHP005 are raised by the loader
(reading and schema conformance); their modules document them and their
``check`` yields nothing, because a framework that reaches the rules has passed them.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from ..model import Framework
from ..problems import Problem


@dataclass(frozen=True)
class Rule:
    """A validation rule, read from its module."""

    code: str
    name: str
    summary: str
    severity: str
    doc: str
    check: Callable[[Framework], Iterator[Problem]]
    module: str

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(module.CODE, module.NAME, module.SUMMARY, getattr(module, "SEVERITY", "error"),
                   (module.__doc__ or "").strip(), module.check, module.__name__)


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, sorted by code."""
    rules = []
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
