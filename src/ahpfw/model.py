"""The typed, read-only Python model of a framework.

The field names and kinds mirror the LinkML schema (``schema/ahpfw.yaml``);
``tests/test_model.py`` checks them against it, so the schema stays the one
source of structure. Every element knows where it was written (``location``).
Collections are tuples and read-only mappings, in document order.
"""

from __future__ import annotations

import weakref
from collections import abc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, wraps
from itertools import chain, repeat
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from .problems import Location

if TYPE_CHECKING:
    from .schema.info import SchemaInfo

_NOWHERE = Location("")
#: no more fields (see :attr:`Located.more`)
NO_MORE: abc.Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, kw_only=True, slots=True)
class Located:
    """Something written in a source file: where it starts and where each of its fields is."""

    location: Location = field(default=_NOWHERE, compare=False, repr=False)
    field_locations: abc.Mapping[str, Location] = field(default_factory=dict, compare=False, repr=False)
    #: the fields the schema declares and this class does not (a project's own additions to its schema),
    #: by name, in the order written: loaded, exported and compared like the others (see :func:`value`)
    more: abc.Mapping[str, Any] = field(default_factory=lambda: NO_MORE, compare=False, repr=False)

    def where(self, field_name: str | None = None, index: int | None = None) -> Location:
        """Where this was written, or one of its fields (falling back to the whole), or item ``index`` of a list."""
        if field_name is None:
            return self.location
        key = self.field_locations.get(field_name, self.location)
        if index is None or key is self.location:
            return key
        from .reading.yamlfile import item_location  # read again only when a problem names one item

        return item_location(key, index)


@dataclass(frozen=True, kw_only=True, slots=True)
class Evidence(Located):
    """Words of one source, quoted exactly, that support an element's text."""

    source: str
    quote: str


#: How an element's text came about (the schema's TextOrigin).
ORIGINS = ("quoted", "adapted", "drafted")


@dataclass(frozen=True, kw_only=True, slots=True)
class Element(Located):
    """Anything in the framework with a stable identifier."""

    KIND = ""  # the id's kind part, e.g. "CAP" in ahpfw:CAP-0001
    LABEL = "element"  # what a person calls it, used in messages

    id: str
    name: str
    code: str | None = None
    description: str | None = None
    status: str = "active"
    replaced_by: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    origin: str | None = None  # quoted | adapted | drafted (ORIGINS)
    evidence: tuple[Evidence, ...] = ()
    figure_source: str | None = None  # drafted text: where a figure its evidence lacks comes from
    origin_note: str | None = None  # how the text came about, where origin and evidence do not say it all

    @property
    def retired(self) -> bool:
        return self.status == "retired"

    @property
    def label(self) -> str:
        """``code name`` for people, e.g. ``2.3 Giving feedback``."""
        return f"{self.code} {self.name}" if self.code else self.name


@dataclass(frozen=True, kw_only=True, slots=True)
class Source(Element):
    """A document the framework is written from."""

    KIND = "SRC"
    LABEL = "source"
    title: str
    publisher: str
    year: int | None = None
    date: str | None = None
    url: str | None = None
    licence: str | None = None
    archive: str | None = None  # the archived text, relative to the framework folder


@dataclass(frozen=True, kw_only=True, slots=True)
class Pillar(Element):
    """One of the four pillars of professional practice."""

    KIND = "PIL"
    LABEL = "pillar"
    description: str = field()


@dataclass(frozen=True, kw_only=True, slots=True)
class Principle(Element):
    """A principle of AHP education."""

    KIND = "PRIN"
    LABEL = "principle"
    description: str = field()
    pillars: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class CareerStage(Element):
    """One ordered step of the education career route."""

    KIND = "STAGE"
    LABEL = "career stage"
    description: str = field()
    rank: int
    typical_roles: tuple[str, ...] = ()
    afc_bands: str | None = None
    cfh_levels: str | None = None
    progression: tuple[str, ...] = ()  # what rises from the stage before, besides reach


@dataclass(frozen=True, kw_only=True, slots=True)
class LevelDescriptor(Located):
    """What a capability looks like at one career stage."""

    stage: str
    text: str
    origin: str | None = None  # None: the capability's origin holds for it
    evidence: tuple[Evidence, ...] = ()
    figure_source: str | None = None
    origin_note: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Capability(Element):
    """Something a person can do, described at every career stage when the framework has stages."""

    KIND = "CAP"
    LABEL = "capability"
    statement: str
    descriptors: tuple[LevelDescriptor, ...] = ()
    rationale: str | None = None
    examples: tuple[str, ...] = ()
    meets_needs: tuple[str, ...] = ()
    addresses_barriers: tuple[str, ...] = ()
    supports_priorities: tuple[str, ...] = ()
    domain: str = field(default="", compare=False)  # derived: the id of the domain holding it

    def descriptor(self, stage_id: str) -> LevelDescriptor | None:
        """The descriptor for one career stage, or None."""
        for d in self.descriptors:
            if d.stage == stage_id:
                return d
        return None


@dataclass(frozen=True, kw_only=True, slots=True)
class Domain(Element):
    """A group of related capabilities."""

    KIND = "DOM"
    LABEL = "domain"
    description: str = field()
    pillars: tuple[str, ...] = ()
    capabilities: tuple[Capability, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class EducatorRole(Element):
    """An example role on a career route; its stage is given when the framework has stages."""

    KIND = "ROLE"
    LABEL = "educator role"
    description: str = field()
    stage: str | None = None
    protected_time: str | None = None
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class Profession(Element):
    """One of the allied health professions."""

    KIND = "PROF"
    LABEL = "profession"
    regulator: str


@dataclass(frozen=True, kw_only=True, slots=True)
class LearningNeed(Element):
    """A learning need that AHP educators reported."""

    KIND = "NEED"
    LABEL = "learning need"


@dataclass(frozen=True, kw_only=True, slots=True)
class Barrier(Element):
    """A barrier to AHP education that educators reported."""

    KIND = "BAR"
    LABEL = "barrier"


@dataclass(frozen=True, kw_only=True, slots=True)
class StrategyPriority(Element):
    """A priority of the Educator Workforce Strategy."""

    KIND = "PRI"
    LABEL = "strategy priority"


@dataclass(frozen=True, kw_only=True, slots=True)
class Resource(Element):
    """A resource that supports educators."""

    KIND = "RES"
    LABEL = "resource"
    kind: str | None = None
    url: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Mapping(Element):
    """A crosswalk from a framework element to an item in another framework."""

    KIND = "MAP"
    LABEL = "mapping"
    name: str | None = None  # type: ignore[assignment]  # optional for mappings only
    subject: str
    predicate: str
    object_id: str
    object_label: str
    object_source: str
    justification: str | None = None
    author: str | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class RelatedWork(Located):
    """A work the framework is related to, e.g. the official draft it renders (``relation: renders``)."""

    title: str
    publisher: str
    relation: str
    url: str | None = None
    description: str | None = None


#: The framework's top-level collections: attribute name -> element class.
COLLECTIONS: dict[str, type[Element]] = {
    "sources": Source,
    "pillars": Pillar,
    "principles": Principle,
    "career_stages": CareerStage,
    "domains": Domain,
    "roles": EducatorRole,
    "professions": Profession,
    "learning_needs": LearningNeed,
    "barriers": Barrier,
    "priorities": StrategyPriority,
    "resources": Resource,
    "mappings": Mapping,
}


@dataclass(frozen=True, kw_only=True)
class Framework(Located):
    """One version of the framework: metadata and every element, in document order."""

    id: str
    title: str
    version: str
    status: str
    date: str
    publisher: str
    licence: str
    description: str = field()
    scope: str | None = None
    supersedes: str | None = None
    related_works: tuple[RelatedWork, ...] = ()
    sources: tuple[Source, ...] = ()
    pillars: tuple[Pillar, ...] = ()
    principles: tuple[Principle, ...] = ()
    career_stages: tuple[CareerStage, ...] = ()
    domains: tuple[Domain, ...] = ()
    roles: tuple[EducatorRole, ...] = ()
    professions: tuple[Profession, ...] = ()
    learning_needs: tuple[LearningNeed, ...] = ()
    barriers: tuple[Barrier, ...] = ()
    priorities: tuple[StrategyPriority, ...] = ()
    resources: tuple[Resource, ...] = ()
    mappings: tuple[Mapping, ...] = ()
    element_kinds: tuple[str, ...] = ()  # the kinds of element used (collection names); () means any
    root: str = field(default="", compare=False)  # the folder it was loaded from
    #: what the schema that describes it says (:mod:`ahpfw.schema.info`); None for one built by hand
    schema: SchemaInfo | None = field(default=None, compare=False, repr=False)

    def __repr__(self) -> str:
        """One line: id, version, status and how many of each kind of element (the full dataclass repr
        of a framework runs to hundreds of kilobytes)."""
        from .plurals import count

        def one(collection: str) -> str:  # learning_needs -> learning need, priorities -> priority
            word = collection.replace("_", " ")
            return word[:-3] + "y" if word.endswith("ies") else word[:-1]

        counts = []
        for name in COLLECTIONS:
            if getattr(self, name):
                counts.append(count(len(getattr(self, name)), one(name)))
            if name == "domains" and self.domains:
                counts.append(count(len(self.capabilities), "capability"))
        where = f" from {self.root}" if self.root else ""
        return f"<Framework {self.id} {self.version} ({self.status}): {', '.join(counts) or 'no elements'}{where}>"

    @cached_property
    def capabilities(self) -> abc.Mapping[str, Capability]:
        """Every capability by id (the first, if an id is used twice), across all domains, in document order."""
        table: dict[str, Capability] = {}
        for domain in self.domains:
            for cap in domain.capabilities:
                table.setdefault(cap.id, cap)
        return MappingProxyType(table)

    @cached_property
    def elements(self) -> abc.Mapping[str, Element]:
        """Every element by id (the first one, if an id is defined twice), in document order."""
        table: dict[str, Element] = {}
        for element in self.iter_elements():
            table.setdefault(element.id, element)
        return MappingProxyType(table)

    def iter_elements(self) -> Iterator[Element]:
        """Every element in document order, capabilities straight after their domain."""
        for name in COLLECTIONS:
            for element in getattr(self, name):
                yield element
                if isinstance(element, Domain):
                    yield from element.capabilities

    @cached_property
    def stages_in_order(self) -> tuple[CareerStage, ...]:
        """Career stages sorted by rank."""
        return tuple(sorted(self.career_stages, key=lambda s: s.rank))

    def uses(self, kind: str) -> bool:
        """Whether this framework uses a kind of element (a collection name, or ``capabilities``).

        A framework that does not declare ``element_kinds`` may use every kind.
        """
        return not self.element_kinds or kind in self.element_kinds

    def __getitem__(self, element_id: str) -> Element:
        return self.elements[element_id]

    def __contains__(self, element_id: object) -> bool:
        return element_id in self.elements


def schema_of(fw: Framework) -> SchemaInfo:
    """What the schema describing ``fw`` says (:mod:`ahpfw.schema.info`): the one it was loaded with,
    else (a framework built by hand) the package's."""
    if fw.schema is not None:
        return fw.schema
    from .paths import package_schema

    return package_schema()


def model_fields(cls: type, names: abc.Iterable[str]) -> tuple[str, ...]:
    """Those of ``names`` that are fields of the model class ``cls`` (the others are :attr:`Located.more`)."""
    own = _field_names(cls)
    return tuple(name for name in names if name in own)


@cache
def _field_names(cls: type) -> frozenset[str]:
    from dataclasses import fields

    return frozenset(f.name for f in fields(cls))


def value(obj: Located, name: str) -> Any:
    """The value of field ``name`` of a model object: an attribute, or one of its :attr:`~Located.more`
    fields (None when it has neither)."""
    try:
        return getattr(obj, name)
    except AttributeError:
        return obj.more.get(name)


#: Reference fields: (class, field) -> the class the referenced ids must name
#: (None: the same class as the element itself; Element: any element).
REFERENCES: dict[tuple[type, str], type | None] = {
    (Element, "sources"): Source,
    (Element, "replaced_by"): None,
    (Evidence, "source"): Source,
    (Principle, "pillars"): Pillar,
    (Domain, "pillars"): Pillar,
    (LevelDescriptor, "stage"): CareerStage,
    (EducatorRole, "stage"): CareerStage,
    (Capability, "meets_needs"): LearningNeed,
    (Capability, "addresses_barriers"): Barrier,
    (Capability, "supports_priorities"): StrategyPriority,
    (Mapping, "subject"): Element,
}


class Reference(NamedTuple):
    """One id written in a reference field, and where (a tuple: there are millions in a big framework)."""

    owner: Element  # the element holding the reference (a capability, for a descriptor's stage)
    field: str
    target: str
    expected: type
    holder: Located  # the object whose field it is: the owner, or one of its descriptors
    index: int | None = None  # its place in the field's list; None when the field holds one id

    @property
    def location(self) -> Location:
        """Where the reference was written: the list item itself when the field is a list."""
        return self.holder.where(self.field, self.index)


def iter_references(fw: Framework, only: abc.Set[str] | None = None) -> Iterator[Reference]:
    """Every reference in the framework, in document order; with ``only``, just those naming one of these ids."""
    if only is not None and not only:
        return
    for element in fw.iter_elements():
        yield from _references_of(element, element, only)
        for evidence in element.evidence:
            yield from _references_of(evidence, element, only)
        if isinstance(element, Capability):
            for descriptor in element.descriptors:
                yield from _references_of(descriptor, element, only)
                for evidence in descriptor.evidence:
                    yield from _references_of(evidence, element, only)


#: The capability field that addresses each kind of element the framework's own links must reach.
ADDRESSED_BY: dict[type[Element], str] = {LearningNeed: "meets_needs", Barrier: "addresses_barriers",
                                          StrategyPriority: "supports_priorities"}


def unaddressed(fw: Framework) -> list[LearningNeed | Barrier | StrategyPriority]:
    """The active learning needs, barriers and strategy priorities that no active capability addresses
    (rule AHP016, and the coverage report of ``ahpfw gaps``)."""
    used: set[str] = set()
    for cap in fw.capabilities.values():
        if not cap.retired:
            used.update(cap.meets_needs, cap.addresses_barriers, cap.supports_priorities)
    return [element for element in (*fw.learning_needs, *fw.barriers, *fw.priorities)
            if not element.retired and element.id not in used]


@cache
def reference_fields(cls: type) -> tuple[tuple[str, type], ...]:
    """The reference fields of a class and the class each must name."""
    return tuple((name, target or cls) for (owner, name), target in REFERENCES.items() if issubclass(cls, owner))


def _references_of(obj: object, owner: Element, only: abc.Set[str] | None) -> Iterator[Reference]:
    for name, expected in reference_fields(type(obj)):
        value = getattr(obj, name)
        if not value:
            continue
        if isinstance(value, tuple):
            if only is not None and only.isdisjoint(value):
                continue
            for index, target in enumerate(value):
                if only is None or target in only:
                    yield Reference(owner, name, target, expected, obj, index)  # type: ignore[arg-type]
        elif only is None or value in only:
            yield Reference(owner, name, value, expected, obj)  # type: ignore[arg-type]


_T = TypeVar("_T")


def per_framework(compute: Callable[[Framework], _T]) -> Callable[[Framework], _T]:
    """``compute(fw)``, kept for the last framework asked about, so that the rules using it share one pass.

    A framework never changes once built; it is held weakly, and the answer is let go when the framework
    is freed, so keeping it keeps nothing else alive (an answer may hold the framework's objects).
    """
    last: tuple[weakref.ref[Framework], _T] | None = None

    def forget(freed: weakref.ref[Framework]) -> None:
        nonlocal last
        if last is not None and last[0] is freed:
            last = None

    @wraps(compute)
    def remembered(fw: Framework) -> _T:
        nonlocal last
        if last is not None and last[0]() is fw:
            return last[1]
        answer = compute(fw)
        last = (weakref.ref(fw, forget), answer)
        return answer

    return remembered


@per_framework
def reference_targets(fw: Framework) -> frozenset[tuple[str, type]]:
    """Each distinct (target, expected class) of the framework's references, once.

    The set ``{(r.target, r.expected) for r in iter_references(fw)}``, gathered field by field
    without building the millions of References a big framework holds (every descriptor names
    its stage, most of them the same few). A rule checks each pair once, then asks
    ``iter_references(fw, only=...)`` for the places of the few ids it reports.
    """
    pairs: set[tuple[str, type]] = set()
    for cls, holders in _reference_holders(fw):
        for name, expected in reference_fields(cls):
            for value in set(map(attrgetter(name), holders)):
                if isinstance(value, tuple):
                    pairs.update(zip(value, repeat(expected)))
                elif value:
                    pairs.add((value, expected))
    return frozenset(pairs)


def _reference_holders(fw: Framework) -> list[tuple[type, abc.Sequence[object]]]:
    """What iter_references reads, grouped by class: the elements, the capabilities' descriptors, all their evidence."""
    elements = [group for name in COLLECTIONS for group in _by_class(getattr(fw, name))]
    elements += [group for cls, domains in elements if issubclass(cls, Domain)
                 for group in _by_class(_flatten(domains, "capabilities"))]
    descriptors = [group for cls, caps in elements if issubclass(cls, Capability)
                   for group in _by_class(_flatten(caps, "descriptors"))]
    holders = elements + descriptors
    return holders + _by_class(_flatten(chain.from_iterable(objects for _, objects in holders), "evidence"))


def _flatten(objects: abc.Iterable[object], name: str) -> list[object]:
    """The items of one tuple field of each object, in order."""
    return list(chain.from_iterable(map(attrgetter(name), objects)))


def _by_class(objects: abc.Sequence[object]) -> list[tuple[type, abc.Sequence[object]]]:
    """Objects grouped by their exact class (one group when, as usual, they are all of one class)."""
    kinds = set(map(type, objects))
    if len(kinds) < 2:
        return [(kind, objects) for kind in kinds]
    groups: dict[type, list[object]] = {}
    for obj in objects:
        groups.setdefault(type(obj), []).append(obj)
    return list(groups.items())
