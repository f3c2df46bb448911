"""``ahpfw consult apply``: write the suggested wordings that ``decisions.yaml`` accepts into the framework.

A decision's ``accepted`` entries each name a response, an element and the
field its suggested wording replaces (``descriptors`` with a ``stage`` for a
descriptor). Every entry not yet applied becomes an edit of that field with the
respondent's words, exactly as stored, and the framework is changed the way
``ahpfw apply`` changes it (:func:`ahpfw.editing.edits.write_edits`: every comment and
line break kept, validated, all files at once). Then each entry records the
change it became (``applied``: element, kind, field, stage, as the diff from the
consulted version shows it), and the decision's ``changes`` gain that change if
they lacked it, so that the "you said, we did" document links each accepted
suggestion to its change. Entries already applied are left alone, so running it
again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import model
from ..editing.edits import Edit, Outcome, Refusal, Refused
from .consultation import Consultation
from .decisions import Accepted, ChangeRef, DecisionLog, accepted_problem, suggested_wordings


@dataclass
class AcceptResult:
    """What :func:`apply_accepted` did: the framework's changes, and the change each suggestion became."""

    outcome: Outcome
    recorded: list[tuple[str, Accepted, ChangeRef]] = field(default_factory=list)  # decision id, entry, change
    already: list[tuple[str, Accepted]] = field(default_factory=list)  # applied on an earlier run


def _value(element: model.Element, accepted: Accepted) -> Any:
    if accepted.stage is not None and isinstance(element, model.Capability):
        found = element.descriptor(accepted.stage)
        return found.text if found else None
    return getattr(element, accepted.field, None)


def apply_accepted(consultation: Consultation, log: DecisionLog, fw: model.Framework, consulted: model.Framework,
                   *, dry_run: bool = False) -> AcceptResult:
    """Apply every accepted suggested wording not yet applied to ``fw``, and record each in ``decisions.yaml``.

    ``consulted`` is the version the consultation asked about: the change a
    suggestion becomes is its field's change from that version. Raises
    :class:`~ahpfw.editing.edits.Refused` (nothing written) when a suggestion cannot be
    applied. With ``dry_run`` nothing is written.
    """
    from ..atomic import write_text
    from ..editing.edits import write_edits
    from ..history.changes import compare

    suggestions = suggested_wordings(consultation)
    refusals: list[Refusal] = []
    edits: list[Edit] = []
    pending: list[tuple[str, Accepted]] = []
    result_already: list[tuple[str, Accepted]] = []
    claimed: dict[tuple[str, str, str | None], str] = {}
    for decision in log.decisions:
        for accepted in decision.accepted:
            where = accepted.location.display()
            if accepted.applied is not None:
                result_already.append((decision.id, accepted))
                continue
            problem = accepted_problem(accepted, fw, suggestions)
            if problem is None and decision.outcome != "changed":
                problem = f"{decision.id} accepts a suggested wording, so its outcome must be 'changed'"
            key = (accepted.element, accepted.field, accepted.stage)
            if problem is None and key in claimed:
                problem = f"another accepted suggestion ({claimed[key]}) already replaces this field"
            wording = suggestions.get((accepted.response, accepted.element))
            before = consulted.elements.get(accepted.element)
            if problem is None and before is not None and _value(before, accepted) == wording:
                problem = f"the wording {accepted.response} suggests is already the text of {consulted.version}"
            if problem is not None:
                refusals.append(Refusal(where, problem))
                continue
            claimed[key] = where
            edits.append(Edit(accepted.element, accepted.field, wording, where, accepted.stage))
            pending.append((decision.id, accepted))
    if refusals:
        raise Refused(refusals)
    outcome = write_edits(fw, edits, dry_run=dry_run)
    since = compare(consulted, outcome.framework).changes
    result = AcceptResult(outcome, already=result_already)
    for decision_id, accepted in pending:
        ref = ChangeRef(accepted.element, "modified", field=accepted.field, stage=accepted.stage)
        assert any(ref.matches(c) for c in since), f"{accepted} did not become a change"
        result.recorded.append((decision_id, accepted, ref))
    if result.recorded and not dry_run:
        write_text(log.path, record(log, result.recorded))
    return result


def record(log: DecisionLog, recorded: list[tuple[str, Accepted, ChangeRef]]) -> str:
    """The text of ``decisions.yaml`` with each suggestion's change recorded (``applied``) and added to its
    decision's ``changes`` when they lacked it; comments and layout kept (:class:`ahpfw.editing.scaffold.Editor`)."""
    from ..editing.scaffold import Editor, flow_map

    editor = Editor()
    document = editor.document(log.path)
    decisions = {d.id: d for d in log.decisions}
    for decision_id, accepted, ref in recorded:
        node = document.nodes[decision_id]
        entry = node["accepted"][decisions[decision_id].accepted.index(accepted)]
        applied = {"element": ref.element, "kind": ref.kind, "field": ref.field}
        if ref.stage is not None:
            applied["stage"] = ref.stage
        editor.set_in(log.path, entry, "applied", flow_map(applied))
        changes = node.get("changes")
        if not any(c.get("element") == ref.element and c.get("kind") == ref.kind for c in changes or ()):
            editor.append_in(log.path, node, "changes", flow_map({"element": ref.element, "kind": ref.kind}))
    return editor.texts().get(log.path, document.original)
