"""``exports/case/framework.json``: the framework as a 1EdTech CASE 1.1 CFPackage.

* ``CFDocument``: the framework (title, publisher as creator, version, adoption status, licence).
* ``CFItems``: the domains, the capabilities, the career stages and one item per
  capability per career stage (the career-stage descriptors), each with a
  ``CFItemType`` defined in ``CFDefinitions``; any other element a mapping starts
  from (a pillar, say) is an item too ("Framework element", a child of the
  document), so that every association's origin is in the package.
* ``CFAssociations``: each end is titled with the item's code and short name
  (a descriptor's: ``1.1.S2 <capability name>: <stage name>``), never its full
  text, which only its item holds. ``isChildOf`` (domain to document, capability to domain,
  descriptor to capability, in order), ``hasSkillLevel`` (descriptor to its
  career stage), ``replacedBy`` for retired elements, and each mapping
  (``skos:exactMatch`` as ``exactMatchOf``; close, broad, narrow and related
  matches as ``isRelatedTo``, CASE having no finer kinds).

Each item's ``notes`` (CASE's field for how a statement was derived) says whether its
text is quoted, adapted or drafted and gives the supporting words of its sources
(:func:`ahpfw.provenance.describe`); a capability's rationale follows. Every descriptor's
notes say it too: its own origin, or its capability's when it records none
(:func:`ahpfw.provenance.of_descriptor`).

Identifiers are UUIDv5 of the stable ids in one fixed namespace
(:data:`NAMESPACE`), so they never change between builds or versions; a
descriptor's is that of ``<capability id>/<stage id>``. Each ``uri`` is the
element's IRI (as in the RDF export); ``lastChangeDateTime`` is the framework's
date at midnight UTC. Inside a package the document is implied, so items and
associations carry no ``CFDocumentURI`` (CASE's package classes have none).
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any

from ..model import Element, Framework
from ..project import Project
from ..provenance import describe, of_descriptor, related_works_text
from .jsontext import iter_lines, write_pieces
from .rdf import descriptor_iri, element_iri
from .vocab import vocabulary

FILES = ("case/framework.json",)
#: the optional libraries this format imports (see ahpfw.extras)
NEEDS: tuple[str, ...] = ()

ABOUT = {
    "case/framework.json": (
        "1EdTech CASE 1.1 CFPackage (JSON)",
        "learning platforms and competency registries that import CASE frameworks",
        "validate against the CASE 1.1 CFPackage JSON Schema (the tests use the subset in "
        "`tests/schemas/case-1.1-cfpackage.schema.json`)",
    ),
}

#: The namespace of every CASE identifier: uuid5(NAMESPACE_URL, "https://w3id.org/ahpfw/case"). Never change it.
NAMESPACE = uuid.UUID("6112ae9a-2803-5cc3-a091-5ea028412882")

#: Mapping predicate -> CASE association type.
ASSOCIATION_TYPES = {
    "skos:exactMatch": "exactMatchOf",
    "skos:closeMatch": "isRelatedTo",
    "skos:broadMatch": "isRelatedTo",
    "skos:narrowMatch": "isRelatedTo",
    "skos:relatedMatch": "isRelatedTo",
}

#: Framework status -> CASE adoptionStatus.
ADOPTION_STATUS = {
    "draft": "Private Draft",
    "consultation": "Draft",
    "published": "Adopted",
    "superseded": "Deprecated",
}

#: CFItemType titles and descriptions.
ITEM_TYPES = {
    "Domain": "A group of related capabilities.",
    "Capability": "Something an AHP educator can do, described at every career stage.",
    "Career stage": "One step of the education career route.",
    "Career stage descriptor": "What a capability looks like at one career stage.",
    "Framework element": "Another part of the framework (a pillar, principle, role...) that a mapping starts from.",
}


_NAMESPACE_BYTES = NAMESPACE.bytes


def case_uuid(key: str) -> str:
    """The CASE identifier for a stable id (or any other key): a UUIDv5 in :data:`NAMESPACE`.

    The same value as ``str(uuid.uuid5(NAMESPACE, key))``, computed without building UUID objects.
    """
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + key.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def export(project: Project, out_dir: Path, base_iri: str | None = None) -> list[Path]:
    """Write the CFPackage under ``out_dir``; return the paths written."""
    fw = project.framework
    path = Path(out_dir) / FILES[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    package = cf_package(fw, base_iri or vocabulary(fw).base_iri(fw))
    write_pieces(path, iter_lines(package))
    return [path]


def cf_package(fw: Framework, base: str) -> dict[str, Any]:
    """The CFPackage as plain data."""
    changed = f"{fw.date}T00:00:00+00:00"
    vocab = vocabulary(fw)
    doc_id = case_uuid(fw.id)
    doc_link = {"title": fw.title, "identifier": doc_id, "uri": element_iri(fw.id, base)}
    type_links = {title: {"title": title, "identifier": case_uuid(f"CFItemType:{title}"),
                          "uri": f"urn:uuid:{case_uuid(f'CFItemType:{title}')}"} for title in ITEM_TYPES}
    licence_id = case_uuid(f"CFLicense:{fw.licence}")
    licence_link = {"title": fw.licence, "identifier": licence_id, "uri": f"urn:uuid:{licence_id}"}
    links: dict[str, dict[str, str]] = {}

    def link(key: str, iri: str, title: str, identifier: str | None = None) -> dict[str, str]:
        links[key] = {"title": title, "identifier": identifier or case_uuid(key), "uri": iri}
        return links[key]

    items: list[dict[str, Any]] = []

    def item(key: str, iri: str, kind: str, statement: str, element: Element | None = None,
             title: str | None = None, **extra: Any) -> dict[str, str]:
        identifier = case_uuid(key)
        entry: dict[str, Any] = {"identifier": identifier, "uri": iri, "fullStatement": statement}
        if element is not None:
            if element.code:
                entry["humanCodingScheme"] = element.code
            entry["abbreviatedStatement"] = element.name
            derivation = describe(fw, element.origin, element.evidence, element.figure_source, element.origin_note)
            extra["notes"] = "\n\n".join(n for n in (derivation, extra.get("notes")) if n)
        entry.update({k: v for k, v in extra.items() if v not in (None, "")})
        entry.update({"CFItemType": kind, "CFItemTypeURI": type_links[kind], "language": "en",
                      "lastChangeDateTime": changed})
        items.append(entry)
        return link(key, iri, title or (element.label if element is not None else statement), identifier)

    stage_links = {}
    for stage in fw.stages_in_order:
        stage_links[stage.id] = item(stage.id, element_iri(stage.id, base), "Career stage", stage.description,
                                     stage, listEnumeration=str(stage.rank))
    # (association type, origin, destination, sequence number or None, key of its identifier or None)
    associations: list[tuple[str, dict[str, str], dict[str, str], int | None, str | None]] = []
    for d_seq, domain in enumerate(fw.domains, start=1):
        d_link = item(domain.id, element_iri(domain.id, base), "Domain", domain.description, domain)
        associations.append(("isChildOf", d_link, doc_link, d_seq, None))
        for c_seq, cap in enumerate(domain.capabilities, start=1):
            c_iri = element_iri(cap.id, base)
            c_link = item(cap.id, c_iri, "Capability", cap.statement, cap, notes=cap.rationale)
            associations.append(("isChildOf", c_link, d_link, c_seq, None))
            for s_seq, descriptor in enumerate(cap.descriptors, start=1):
                stage = fw.elements.get(descriptor.stage)
                key = f"{cap.id}/{descriptor.stage}"
                code = f"{cap.code}.{stage.code}" if cap.code and stage is not None and stage.code else None
                short = f"{cap.name}: {stage.name}" if stage is not None else None
                # Its associations' ends are titled with the code and short name, not the whole text.
                x_link = item(key, descriptor_iri(c_iri, descriptor.stage), "Career stage descriptor",
                              descriptor.text, None, title=" ".join(filter(None, (code, short))) or None,
                              humanCodingScheme=code, abbreviatedStatement=short,
                              notes=describe(fw, *of_descriptor(cap, descriptor)))
                associations.append(("isChildOf", x_link, c_link, s_seq, None))
                if descriptor.stage in stage_links:
                    associations.append(("hasSkillLevel", x_link, stage_links[descriptor.stage], None, None))
    for element in fw.iter_elements():
        for target in element.replaced_by:
            if element.id in links and target in links:
                associations.append(("replacedBy", links[element.id], links[target], None, None))
    # A mapping may start from an element the tree above does not hold (a pillar, say). Every
    # association's origin must be in the package for a consumer to resolve it, so such an
    # element becomes an item of its own, a child of the document after the domains.
    extra_seq = len(fw.domains)
    for mapping in fw.mappings:
        if mapping.subject not in links:
            subject = fw.elements.get(mapping.subject)
            if subject is None:  # a dangling subject is refused by validation (AHP011) before export
                continue
            extra_seq += 1
            statement = getattr(subject, "description", None) or subject.name
            extra_link = item(subject.id, element_iri(subject.id, base), "Framework element", statement, subject)
            associations.append(("isChildOf", extra_link, doc_link, extra_seq, None))
        origin = links[mapping.subject]
        destination = {"title": mapping.object_label, "identifier": mapping.object_id,
                       "uri": vocab.expand(mapping.object_id)}
        kind = ASSOCIATION_TYPES.get(mapping.predicate, "isRelatedTo")
        associations.append((kind, origin, destination, None, mapping.id))

    cf_associations = []
    for kind, origin, destination, seq, key in associations:
        assoc_id = case_uuid(key or f"{origin['identifier']}|{kind}|{destination['identifier']}")
        entry: dict[str, Any] = {"identifier": assoc_id, "uri": f"urn:uuid:{assoc_id}", "associationType": kind,
                                 "originNodeURI": origin, "destinationNodeURI": destination,
                                 "lastChangeDateTime": changed}
        if seq is not None:
            entry["sequenceNumber"] = seq
        cf_associations.append(entry)

    document = {
        "identifier": doc_id, "uri": doc_link["uri"], "creator": fw.publisher, "title": fw.title,
        "lastChangeDateTime": changed, "publisher": fw.publisher, "description": fw.description,
        "language": "en", "version": fw.version, "adoptionStatus": ADOPTION_STATUS[fw.status],
        "statusStartDate": fw.date, "licenseURI": licence_link,
    }
    related = related_works_text(fw)
    notes = "\n\n".join(n for n in (fw.scope, f"Related works:\n{related}" if related else None) if n)
    if notes:
        document["notes"] = notes
    definitions = {
        "CFItemTypes": [{"identifier": link_["identifier"], "uri": link_["uri"], "title": title,
                         "description": ITEM_TYPES[title], "hierarchyCode": str(n), "lastChangeDateTime": changed}
                        for n, (title, link_) in enumerate(type_links.items(), start=1)],
        "CFLicenses": [{"identifier": licence_id, "uri": licence_link["uri"], "title": fw.licence,
                        "licenseText": fw.licence, "lastChangeDateTime": changed}],
    }
    return {"CFDocument": document, "CFItems": items, "CFAssociations": cf_associations,
            "CFDefinitions": definitions}
