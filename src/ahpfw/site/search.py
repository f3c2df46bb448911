"""The site's search: the index of every page worth finding, as a script, and the scripts that search it.

The index is a script (``assets/search-index.js``) rather than a file fetched at
run time, so the search works when the site is opened straight from disk.
``assets/search.js`` searches it with MiniSearch, vendored unchanged in
``static/vendor/minisearch/`` (its version, licence and checksums in VENDORED.md).
"""

from __future__ import annotations

from importlib import resources

from .. import model
from .pages import Site
from .text import data_script


def _text(*parts: object) -> str:
    return " ".join(str(p) for p in parts if p)


def search_entries(site: Site) -> list[dict[str, str]]:
    """One entry per page or section worth finding: title, kind, url (from the site root), all its text, and the
    element's id and code (a query that is either finds the element first)."""
    fw = site.fw
    entries = []

    schema = model.schema_of(fw)

    def add(element: model.Element, kind: str, *text: object) -> None:
        url = site.url(element.id)
        if url:
            entries.append({"title": element.label, "kind": kind, "url": url,
                            "text": _text(element.description, *text, *_more(element)), "id": element.id,
                            "code": element.code or ""})

    def _more(element: model.Element) -> list[object]:
        """The words of the element's fields the package does not know that the schema says to index."""
        if not element.more:
            return []
        found = [element.more.get(name) for name in schema.fields(type(element), "search")]
        return [item for value in found if value for item in (value if isinstance(value, tuple) else (value,))]

    for stage in site.stages:
        bands = stage.afc_bands and f"Agenda for Change bands {stage.afc_bands}"
        add(stage, "Career stage", *stage.typical_roles, bands)
    for domain in fw.domains:
        add(domain, "Domain")
        for cap in domain.capabilities:
            add(cap, f"Capability in {domain.label}", cap.statement, cap.rationale, *cap.examples,
                *(d.text for d in cap.descriptors))
    for role in fw.roles:
        add(role, "Educator role", role.protected_time, *role.examples)
    for collection, kind in (("learning_needs", "Learning need"), ("barriers", "Barrier"),
                             ("priorities", "Strategy priority"), ("pillars", "Pillar"), ("principles", "Principle"),
                             ("professions", "Profession"), ("resources", "Resource")):
        for element in getattr(fw, collection):
            add(element, kind, getattr(element, "regulator", None))
    return entries


def search_index_script(site: Site) -> str:
    """``assets/search-index.js``: the search entries as a script (ASCII-only JSON, so nothing can end it early)."""
    return data_script("AHPFW_SEARCH_INDEX", search_entries(site))


#: The search's fixed files: {path in the site: path under static/}.
FILES = {"assets/search.js": "search.js", "assets/minisearch.js": "vendor/minisearch/minisearch.js",
         "assets/minisearch-LICENSE.txt": "vendor/minisearch/LICENSE.txt"}


def assets(site: Site) -> dict[str, str]:
    """The search's files in the site: ``{path: text}``."""
    static = resources.files(__package__).joinpath("static")
    out = {path: static.joinpath(name).read_text(encoding="utf-8") for path, name in FILES.items()}
    out["assets/search-index.js"] = search_index_script(site)
    return out
