"""Validate a framework: reading, schema conformance, then every semantic rule.

The API follows python-jsonschema: :func:`iter_problems` yields each
:class:`~ahpfw.problems.Problem`, :func:`validate` returns them sorted,
:func:`is_valid` says whether there are any errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ..model import Framework
from ..problems import FrameworkError, Problem, UsageError
from ..project import Project
from ..speed.gcpause import gc_paused


def iter_problems(source: str | Path | Framework | Project | None = None, *,
                  select: Iterable[str] | None = None) -> Iterator[Problem]:
    """Yield every problem in a framework: a path, a loaded Framework, a :class:`~ahpfw.project.Project`
    (its framework), or None for the default.

    ``select`` limits the semantic rules to the given codes (any case) or names;
    one that names no rule raises :class:`~ahpfw.problems.UsageError`.
    """
    from . import all_rules

    wanted = None if select is None else rule_codes(select)
    if isinstance(source, Framework):
        project = Project.of(source)
        fw = source
    else:
        project = source if isinstance(source, Project) else Project.open(source)
        try:
            fw = project.framework
        except FrameworkError as exc:
            yield from exc.problems
            return
    for rule in all_rules():
        if wanted is None or rule.code in wanted:
            with gc_paused():  # a rule's short-lived tuples would make the collector rescan the whole model
                found = list(rule.run(fw, project))
            yield from found


def iter_crosswalk_problems(project: Project) -> Iterator[Problem]:
    """Every problem in a project's crosswalks: the reading problems of its frameworks and crosswalks, then
    what each rule with ``check_crosswalks`` finds (AHP031-AHP036 and the provenance rules on the
    justifications)."""
    from . import all_rules

    yield from project.problems
    for rule in all_rules():
        if rule.check_crosswalks is not None:
            yield from rule.check_crosswalks(project)


def rule_codes(names: Iterable[str]) -> set[str]:
    """The codes of the rules these codes (any case) or names select; raises
    :class:`~ahpfw.problems.UsageError` for one that selects nothing."""
    from . import get_rule

    try:
        return {get_rule(name).code for name in names}
    except KeyError as exc:
        raise UsageError(f"no rule {exc.args[0]!r} to select; 'ahpfw rules' lists them") from None


def validate(source: str | Path | Framework | Project | None = None, *, strict: bool = False) -> list[Problem]:
    """All problems, sorted by file, line and column. With ``strict``, warnings count as errors."""
    problems = sorted(set(iter_problems(source)))
    return strictly(problems) if strict else problems


def is_valid(source: str | Path | Framework | Project | None = None) -> bool:
    """True when the framework has no errors (warnings allowed)."""
    return not any(p.severity == "error" for p in iter_problems(source))


def strictly(problems: list[Problem]) -> list[Problem]:
    """The same problems with every warning raised to an error (``--strict``)."""
    return [p if p.severity == "error" else Problem(p.location, p.code, p.message, "error", p.element_id, p.hint)
            for p in problems]
