"""The consultation response form: its fields, sheets and columns, in one place.

:mod:`.template` writes forms from these definitions and :mod:`.ingest` reads
filled forms back with the same definitions, so the two never drift apart. The
codes of the fixed choice lists are the permissible values of the LinkML enums
(OrganisationType, Region, ProtectedTime); ``tests/test_consult.py`` checks that.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import model

if TYPE_CHECKING:  # pragma: no cover
    from .consultation import Question

#: Bumped when the layout of the form changes; ingest refuses forms of another layout.
FORM_VERSION = "1"

AGREEMENT: dict[int, str] = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}

ORGANISATION_TYPES: dict[str, str] = {
    "nhs_trust": "NHS trust or foundation trust",
    "primary_care": "Primary care or community services",
    "higher_education": "University or higher education institution",
    "independent_sector": "Independent or private sector",
    "social_care": "Social care or local authority",
    "voluntary_sector": "Voluntary, community or charity sector",
    "other_organisation": "Other organisation",
}

REGIONS: dict[str, str] = {
    "east_of_england": "East of England",
    "london": "London",
    "midlands": "Midlands",
    "north_east_and_yorkshire": "North East and Yorkshire",
    "north_west": "North West",
    "south_east": "South East",
    "south_west": "South West",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern_ireland": "Northern Ireland",
    "outside_uk": "Outside the UK",
}

EDUCATION_TIME: dict[str, str] = {
    "full_time": "Yes, a full-time education role",
    "part_time": "Yes, part time or some protected time",
    "no_protected_time": "No protected time for education",
}

OTHER = "other"
OTHER_LABEL = "Other"

# Sheets of the XLSX form, and sections of the CSV form (same names, lower case with underscores).
INSTRUCTIONS = "Instructions"
ABOUT = "About you"
ELEMENTS = "Framework"
QUESTIONS = "General questions"
CONTACT = "Contact details"
LISTS = "Lists"  # hidden: the drop-down options
FORM = "Form"  # hidden: which framework, version and consultation the form is for

#: Sheet name -> CSV section name.
SECTIONS: dict[str, str] = {
    FORM: "form",
    ABOUT: "about_you",
    ELEMENTS: "framework",
    QUESTIONS: "questions",
    CONTACT: "contact",
}

#: Columns of each answer sheet: (key, heading). The first column is always the key.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    FORM: (("key", "Key"), ("value", "Value")),
    ABOUT: (("key", "Key"), ("item", "Question"), ("answer", "Your answer"), ("details", "Notes")),
    ELEMENTS: (("key", "Id"), ("kind", "Kind"), ("code", "Code"), ("item", "Text"),
               ("details", "Descriptors by career stage"), ("agreement", "Agreement (1-5)"),
               ("comment", "Comment"), ("suggested_wording", "Suggested wording")),
    QUESTIONS: (("key", "Id"), ("code", "Code"), ("item", "Question"), ("answer", "Your answer"),
                ("details", "Options")),
    CONTACT: (("key", "Key"), ("item", "Question"), ("answer", "Your answer")),
}

#: The columns a respondent fills in, per sheet; every other cell is fixed.
ANSWER_COLUMNS: dict[str, tuple[str, ...]] = {
    FORM: (),
    ABOUT: ("answer",),
    ELEMENTS: ("agreement", "comment", "suggested_wording"),
    QUESTIONS: ("answer",),
    CONTACT: ("answer",),
}

#: Columns of the single-table CSV form.
CSV_COLUMNS = ("section", "key", "code", "item", "details", "options", "answer", "agreement",
               "comment", "suggested_wording")

#: Contact fields, asked only with ``--ask-contact``; never stored with a response.
CONTACT_FIELDS: dict[str, str] = {
    "name": "Your name",
    "email": "Your email address",
    "may_contact": "May we contact you about your response? (yes or no)",
}

#: The longest text accepted in any answer cell.
MAX_TEXT = 5000

#: General questions for a new consultation (``ahpfw consult new``).
DEFAULT_QUESTIONS: tuple[dict[str, object], ...] = (
    {"id": "ahpfw:Q-0001", "code": "Q1", "kind": "agreement",
     "name": "The framework reflects a career pathway for AHP educators."},
    {"id": "ahpfw:Q-0002", "code": "Q2", "kind": "agreement",
     "name": "I could use the framework to plan my own development as an educator."},
    {"id": "ahpfw:Q-0003", "code": "Q3", "kind": "choice", "options_from": "barriers",
     "name": "Which barrier most limits education in your role?"},
    {"id": "ahpfw:Q-0004", "code": "Q4", "kind": "choice", "options_from": "learning_needs",
     "name": "Which learning need matters most to you as an educator?"},
    {"id": "ahpfw:Q-0005", "code": "Q5", "kind": "text",
     "name": "Is anything missing from the framework?"},
    {"id": "ahpfw:Q-0006", "code": "Q6", "kind": "text",
     "name": "Any other comments on the framework?"},
)


@dataclass(frozen=True)
class Choice:
    """One option of a drop-down: the value stored and the label shown."""

    value: str
    label: str


@dataclass(frozen=True)
class Field:
    """One question of the 'About you' sheet."""

    key: str
    label: str  # the question as the form asks it
    short: str  # the group's name in reports
    choices: tuple[Choice, ...]
    help: str = ""


def _from_elements(elements: tuple[model.Element, ...], other: bool) -> tuple[Choice, ...]:
    choices = tuple(Choice(e.id, e.name) for e in elements if not e.retired)
    return choices + ((Choice(OTHER, OTHER_LABEL),) if other else ())


def _from_table(table: dict[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(code, label) for code, label in table.items())


def respondent_fields(fw: model.Framework) -> tuple[Field, ...]:
    """The 'About you' questions, with their options taken from the framework where they can be."""
    return (
        Field("educator_role", "Your education role", "Education role", _from_elements(fw.roles, True),
              "The example role closest to yours."),
        Field("profession", "Your profession", "Profession", _from_elements(fw.professions, True)),
        Field("organisation_type", "The kind of organisation you work for", "Organisation type",
              _from_table(ORGANISATION_TYPES)),
        Field("region", "Where you work", "Region", _from_table(REGIONS)),
        Field("career_stage", "Your education career stage", "Career stage",
              _from_elements(fw.stages_in_order, False)),
        Field("education_time", "Do you hold protected time for education?", "Protected time for education",
              _from_table(EDUCATION_TIME)),
    )


def question_choices(question: Question, fw: model.Framework) -> tuple[Choice, ...]:
    """The options of a general question (empty for free-text questions)."""
    if question.kind == "agreement":
        return tuple(Choice(str(n), f"{n} {label}") for n, label in AGREEMENT.items())
    if question.kind != "choice":
        return ()
    if question.options_from:
        return _from_elements(getattr(fw, question.options_from), True)
    return tuple(Choice(o, o) for o in question.options)


def rated_elements(fw: model.Framework) -> Iterator[model.Element]:
    """The elements respondents rate: principles, then each domain followed by its capabilities."""
    for principle in fw.principles:
        if not principle.retired:
            yield principle
    for domain in fw.domains:
        if domain.retired:
            continue
        yield domain
        for cap in domain.capabilities:
            if not cap.retired:
                yield cap


def element_text(element: model.Element) -> str:
    """What a respondent reads for an element: its name and its statement or description."""
    body = element.statement if isinstance(element, model.Capability) else element.description
    return f"{element.name}: {body}" if body else element.name


def element_descriptors(fw: model.Framework, element: model.Element) -> str:
    """A capability's descriptors, one line per career stage in order ('' for other elements)."""
    if not isinstance(element, model.Capability):
        return ""
    lines = []
    for stage in fw.stages_in_order:
        descriptor = element.descriptor(stage.id)
        if descriptor is not None:
            lines.append(f"{stage.name}: {descriptor.text}")
    return "\n".join(lines)
