"""``exports/rdf/``: the framework as RDF (Turtle and JSON-LD) and its SHACL shapes.

The graph says everything twice over, for two audiences:

* the schema's own vocabulary: every element is typed with its class's
  ``class_uri`` and every field is written with its slot's ``slot_uri``, both
  read from the LinkML schema (:mod:`ahpfw.exporters.vocab`), so the graph
  conforms to the SHACL shapes LinkML generates from the same schema;
* SKOS and CTDL-ASN: the framework is a ``skos:ConceptScheme`` and a
  ``ceasn:CompetencyFramework``; elements are ``skos:Concept`` in it; domains
  are its top concepts; capabilities are ``ceasn:Competency``,
  ``skos:broader`` their domain, ``ceasn:isChildOf`` it and ``ceasn:isPartOf``
  the framework; each career-stage descriptor is its own resource
  ``<capability IRI>/<stage>``; each mapping is also a direct SKOS mapping
  triple (``skos:closeMatch`` and so on).

Element IRIs are the base IRI (by default where the ``ahpfw:`` prefix points,
https://w3id.org/ahpfw/id/) followed by the id's local part, so
``ahpfw:CAP-0007`` is ``https://w3id.org/ahpfw/id/CAP-0007``.

Turtle and JSON-LD are written directly (not through rdflib's serialisers) so
that a large framework exports quickly; subjects, predicates and objects are
sorted, so the bytes are stable. The tests prove that rdflib reads both files
as the same graph.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring as _json_string  # the C encoder where there is one
from pathlib import Path
from urllib.parse import quote

from ..history.canonical import fields_of
from ..model import Capability, Domain, Framework, Mapping, Source
from ..project import Project
from .jsontext import Written, iter_lines, write_pieces
from .vocab import ELEMENT, INTEGER, IRI, Vocabulary, vocabulary

FILES = ("rdf/framework.ttl", "rdf/framework.jsonld", "rdf/shapes.ttl")
#: the optional libraries this format imports (see ahpfw.extras)
NEEDS: tuple[str, ...] = ()

ABOUT = {
    "rdf/framework.ttl": (
        "RDF 1.1 Turtle: SKOS, CTDL-ASN and the ahpfw vocabulary",
        "linked-data, search and competency-registry systems",
        "`rapper -i turtle -c rdf/framework.ttl` (counts the triples); "
        "`pyshacl -s rdf/shapes.ttl rdf/framework.ttl` (conforms)",
    ),
    "rdf/framework.jsonld": (
        "JSON-LD 1.1 (the same graph as the Turtle)",
        "web developers who want RDF as JSON",
        "any JSON-LD processor; rdflib reads it as a graph isomorphic to `rdf/framework.ttl`",
    ),
    "rdf/shapes.ttl": (
        "SHACL shapes (Turtle), generated from the LinkML schema",
        "anyone checking RDF data about the framework",
        "`pyshacl -s rdf/shapes.ttl rdf/framework.ttl`",
    ),
}

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

# An object is (0, iri, "") or (1, lexical form, datatype IRI or "" for a plain string).
Obj = tuple[int, str, str]
Graph = dict[str, dict[str, set[Obj]]]

_UNSAFE_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_PN_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")


def export(project: Project, out_dir: Path, base_iri: str | None = None) -> list[Path]:
    """Write the Turtle, JSON-LD and SHACL files under ``out_dir``; return the paths written.

    ``base_iri`` replaces the default base of element IRIs (https://w3id.org/ahpfw/id/).
    """
    fw = project.framework
    vocab = vocabulary(fw)
    base = base_iri or vocab.base_iri(fw)
    graph = in_order(build_graph(fw, base))
    prefixes = _prefixes(vocab, fw, base)
    folder = Path(out_dir) / "rdf"
    folder.mkdir(parents=True, exist_ok=True)
    ttl, jsonld, shapes = (Path(out_dir) / f for f in FILES)
    write_pieces(ttl, _turtle_pieces(graph, prefixes))
    write_pieces(jsonld, _jsonld_pieces(graph, prefixes))
    shapes.write_text(project.schema.shapes_text, encoding="utf-8", newline="\n")  # derived by LinkML
    return [ttl, jsonld, shapes]


def element_iri(element_id: str, base: str) -> str:
    """The IRI of an element: the base followed by the local part of its CURIE."""
    return base + element_id.partition(":")[2]


def descriptor_iri(capability_iri: str, stage_id: str) -> str:
    """The IRI of a capability's descriptor at one career stage."""
    return f"{capability_iri}/{stage_id.partition(':')[2]}"


# ---------------------------------------------------------------------------
# The graph


def build_graph(fw: Framework, base: str) -> Graph:
    """The framework as a graph: subject IRI -> predicate IRI -> objects."""
    vocab = vocabulary(fw)
    graph: Graph = defaultdict(lambda: defaultdict(set))
    fw_iri = element_iri(fw.id, base)
    _node(graph, vocab, base, fw, "Framework", fw_iri)
    _skos_and_ctdl(graph, vocab, fw, base, fw_iri)
    return graph


def _node(graph: Graph, vocab: Vocabulary, base: str, obj: object, class_name: str, iri: str) -> None:
    """Type one node and write each of its canonical fields with the slot's IRI, recursing into inlined objects."""
    node = graph[iri]
    node[RDF_TYPE].add((0, vocab.class_uri(class_name), ""))
    slots = vocab.slots_of(class_name)
    for key, value in fields_of(obj):
        slot = slots[key]
        if slot.identifier:
            continue
        objects = node[slot.uri]
        kind = slot.kind
        for n, item in enumerate(value if type(value) is tuple else (value,), 1):
            if kind == ELEMENT:
                if type(item) is str:
                    objects.add((0, base + item.partition(":")[2], ""))
                else:  # an inlined object: a node of its own
                    child = _child_iri(iri, base, key, n, item)
                    _node(graph, vocab, base, item, slot.range_class or "", child)
                    objects.add((0, child, ""))
            elif kind == IRI:
                meaning = slot.meanings.get(item) if slot.enum_meanings else None
                objects.add((0, meaning or _absolute(vocab.expand(str(item)), base), ""))
            elif kind == INTEGER:
                objects.add((1, str(int(item)), XSD_INTEGER))
            else:
                objects.add((1, str(item), ""))


def _child_iri(parent: str, base: str, key: str, n: int, item: object) -> str:
    """The IRI of an inlined object: its element IRI, a descriptor's, or ``<parent>/<field>/<n>`` (evidence)."""
    child_id = getattr(item, "id", None)
    if child_id:
        return element_iri(child_id, base)
    stage = getattr(item, "stage", None)
    if stage:
        return descriptor_iri(parent, stage)
    return f"{parent}/{key.replace('_', '-')}/{n}"


def _skos_and_ctdl(graph: Graph, vocab: Vocabulary, fw: Framework, base: str, fw_iri: str) -> None:
    """The SKOS concept scheme and CTDL-ASN structure over the schema's own triples."""
    term = vocab.expand
    concept, in_scheme, broader, narrower = (term(f"skos:{t}") for t in ("Concept", "inScheme", "broader", "narrower"))
    top_concept_of, has_top_concept = term("skos:topConceptOf"), term("skos:hasTopConcept")
    child_of, part_of = term("ceasn:isChildOf"), term("ceasn:isPartOf")
    a_concept, in_this_scheme = (0, concept, ""), (0, fw_iri, "")
    graph[fw_iri][RDF_TYPE].add((0, term("skos:ConceptScheme"), ""))
    graph[fw_iri][term("skos:prefLabel")].add((1, fw.title, ""))
    for element in fw.iter_elements():
        if isinstance(element, (Source, Mapping)):
            continue
        iri = element_iri(element.id, base)
        node = graph[iri]
        node[RDF_TYPE].add(a_concept)
        node[in_scheme].add(in_this_scheme)
        if isinstance(element, Domain):
            node[top_concept_of].add(in_this_scheme)
            graph[fw_iri][has_top_concept].add((0, iri, ""))
        elif isinstance(element, Capability):
            parent = (0, element_iri(element.domain, base), "")
            node[broader].add(parent)
            node[child_of].add(parent)
            node[part_of].add(in_this_scheme)
            narrower_of_parent = graph[parent[1]][narrower]
            narrower_of_parent.add((0, iri, ""))
            below, this = node[narrower], (0, iri, "")
            for descriptor in element.descriptors:
                d_iri = descriptor_iri(iri, descriptor.stage)
                d_node = graph[d_iri]
                d_node[RDF_TYPE].add(a_concept)
                d_node[in_scheme].add(in_this_scheme)
                d_node[broader].add(this)
                below.add((0, d_iri, ""))
    for mapping in fw.mappings:
        target = _absolute(vocab.expand(mapping.object_id), base)
        graph[element_iri(mapping.subject, base)][vocab.expand(mapping.predicate)].add((0, target, ""))
    _provenance(graph, vocab, fw, base)


def _provenance(graph: Graph, vocab: Vocabulary, fw: Framework, base: str) -> None:
    """PROV-O over the schema's own provenance triples.

    Quoted and adapted text ``prov:wasDerivedFrom`` each source its evidence quotes
    (quoted text also ``prov:wasQuotedFrom`` it); each evidence node, whose quote is its
    ``prov:value``, is a ``prov:Entity``. Drafted text derives from no source: its
    evidence only supports a fact it states. A descriptor with an origin of its own is
    treated the same way, on the descriptor's node.
    """
    term = vocab.expand
    derived, quoted_from, entity = term("prov:wasDerivedFrom"), term("prov:wasQuotedFrom"), term("prov:Entity")

    def record(iri: str, origin: str | None, evidence: tuple) -> None:
        for n, item in enumerate(evidence, 1):
            graph[_child_iri(iri, base, "evidence", n, item)][RDF_TYPE].add((0, entity, ""))
        if origin not in ("quoted", "adapted"):
            return
        node = graph[iri]
        for item in evidence:
            source = (0, element_iri(item.source, base), "")
            node[derived].add(source)
            if origin == "quoted":
                node[quoted_from].add(source)

    for element in fw.iter_elements():
        iri = element_iri(element.id, base)
        record(iri, element.origin, element.evidence)
        if isinstance(element, Capability):
            for descriptor in element.descriptors:
                if descriptor.origin is not None or descriptor.evidence:
                    record(descriptor_iri(iri, descriptor.stage), descriptor.origin, descriptor.evidence)


def _absolute(iri: str, base: str) -> str:
    """An IRI safe to write in <...>: unsafe characters percent-encoded, relative ones put under the base."""
    iri = _UNSAFE_IRI.sub(lambda m: quote(m.group(0), safe=""), iri)
    return iri if ":" in iri else base + iri


def _prefixes(vocab: Vocabulary, fw: Framework, base: str) -> dict[str, str]:
    table = dict(vocab.prefixes)
    table[fw.id.partition(":")[0]] = base
    return dict(sorted(table.items()))


# ---------------------------------------------------------------------------
# Writing


def _namer(prefixes: dict[str, str], json_ld: bool = False) -> Callable[[str], str]:
    """How an IRI is written: a prefixed name where one fits, else the IRI itself (in <...> for Turtle)."""
    # Longest namespace first, so a namespace nested in another wins.
    spaces = sorted(((ns, p) for p, ns in prefixes.items()
                     if not json_ld or ns.endswith(("/", "#"))), key=lambda x: -len(x[0]))
    names: dict[str, str] = {}  # IRIs repeat a great deal (predicates, types, the framework)

    def name(iri: str) -> str:
        found = names.get(iri)
        if found is None:
            found = iri if json_ld else f"<{iri}>"
            for ns, prefix in spaces:
                if iri.startswith(ns) and _PN_LOCAL.match(iri[len(ns):]):
                    found = f"{prefix}:{iri[len(ns):]}"
                    break
            names[iri] = found
        return found

    return name


#: A graph in writing order: each subject with its predicates and their objects, in order.
Ordered = list[tuple[str, list[tuple[str, Iterable[Obj]]]]]


def in_order(graph: Graph) -> Ordered:
    """Each subject in IRI order with its predicates (``rdf:type`` first, then in IRI order) and their objects
    in order; predicates without objects are left out."""
    out = []
    for subject in sorted(graph):
        predicates = graph[subject]
        keys = sorted(predicates)
        if RDF_TYPE in predicates and keys[0] != RDF_TYPE:
            keys.remove(RDF_TYPE)
            keys.insert(0, RDF_TYPE)
        out.append((subject, [(p, objects if len(objects) == 1 else sorted(objects))
                              for p in keys if (objects := predicates[p])]))
    return out


_TURTLE_SPECIAL = re.compile(r'[\x00-\x1f\x7f"\\]')


def _turtle_string(text: str) -> str:
    if not _TURTLE_SPECIAL.search(text):
        return '"' + text + '"'
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    out = out.replace("\t", "\\t")
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group(0)):04X}", out) + '"'


def to_turtle(graph: Graph | Ordered, prefixes: dict[str, str]) -> str:
    """Serialise the graph (or the graph :func:`in_order`) as Turtle: prefixes, then subjects in IRI order,
    each with sorted predicates."""
    return "".join(_turtle_pieces(graph, prefixes))


def _turtle_pieces(graph: Graph | Ordered, prefixes: dict[str, str]) -> Iterator[str]:
    """The text of :func:`to_turtle`, a line or a subject at a time."""
    iri = _namer(prefixes)
    predicate_names = {RDF_TYPE: "    a "}
    texts: dict[Obj, str] = {}  # the Turtle of IRI and typed objects, which repeat a great deal

    def obj(o: Obj) -> str:
        if o[0] == 0:
            text = texts[o] = iri(o[1])
        elif o[2] == XSD_INTEGER:
            text = texts[o] = o[1]
        elif o[2]:
            text = _turtle_string(o[1]) + f"^^{iri(o[2])}"
        else:
            text = _turtle_string(o[1])
        return text

    empty = True
    for p, ns in prefixes.items():
        yield f"@prefix {p}: <{ns}> .\n"
        empty = False
    get = texts.get
    for subject, predicates in graph if isinstance(graph, list) else in_order(graph):
        if not predicates:
            continue
        parts = []
        for predicate, objects in predicates:
            name = predicate_names.get(predicate)
            if name is None:
                name = predicate_names[predicate] = f"    {iri(predicate)} "
            parts.append(name + " ,\n        ".join([get(o) or obj(o) for o in objects]))
        yield "\n" + iri(subject) + "\n" + " ;\n".join(parts) + " .\n"
        empty = False
    if empty:
        yield "\n"


def to_jsonld(graph: Graph | Ordered, prefixes: dict[str, str]) -> str:
    """Serialise the graph (or the graph :func:`in_order`) as JSON-LD: a context of the prefixes and one
    node per subject, sorted."""
    return "".join(_jsonld_pieces(graph, prefixes))


def _jsonld_pieces(graph: Graph | Ordered, prefixes: dict[str, str]) -> Iterator[str]:
    """The text of :func:`to_jsonld` in pieces."""
    name = _namer(prefixes, json_ld=True)
    strings: dict[str, str] = {}  # IRI -> its compacted name as a JSON string
    texts: dict[Obj, str] = {}  # the JSON of IRI objects, which repeat a great deal

    def iri(value: str) -> str:
        found = strings.get(value)
        if found is None:
            found = strings[value] = _json_string(name(value))
        return found

    def obj(o: Obj) -> str:
        if o[0] == 0:
            text = texts[o] = '{"@id": ' + iri(o[1]) + "}"
        elif o[2]:
            text = '{"@value": ' + _json_string(o[1]) + ', "@type": ' + iri(o[2]) + "}"
        else:
            text = '{"@value": ' + _json_string(o[1]) + "}"
        return text

    get, known = texts.get, strings.get
    keys: dict[str, str] = {}  # predicate -> the start of its member
    nodes = Written()
    for subject, predicates in graph if isinstance(graph, list) else in_order(graph):
        parts = ['{"@id": ' + iri(subject)]
        for predicate, objects in predicates:
            if predicate == RDF_TYPE:
                parts.append('"@type": [' + ", ".join([known(t[1]) or iri(t[1]) for t in objects]) + "]")
            else:
                key = keys.get(predicate)
                if key is None:
                    key = keys[predicate] = iri(predicate) + ": ["
                parts.append(key + ", ".join([get(o) or obj(o) for o in objects]) + "]")
        nodes.append(", ".join(parts) + "}")
    context = {p: ns for p, ns in prefixes.items() if ns.endswith(("/", "#"))}
    return iter_lines({"@context": context, "@graph": nodes})
