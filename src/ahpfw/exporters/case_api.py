"""The CASE 1.1 REST read API over the framework's CASE package: ``ahpfw serve``, and the opt-in ``case-api`` export.

The answers are those of the 1EdTech CASE Service 1.1 REST/JSON binding (§4, the
endpoints; §6, the payload types), made from the package that
:mod:`ahpfw.exporters.case` builds, so the two never disagree:

==========================================  =============================================
``GET /ims/case/v1p1/CFDocuments``           ``{"CFDocuments": [CFDocument]}`` (``limit``, ``offset``)
``GET .../CFDocuments/{id}``                 the CFDocument, with its ``CFPackageURI``
``GET .../CFPackages/{id}``                  the CFPackage (document, items, associations, definitions)
``GET .../CFItems/{id}``                     the CFItem, with its ``CFDocumentURI``
``GET .../CFAssociations/{id}``              the CFAssociation, with its ``CFDocumentURI``
``GET .../CFItemAssociations/{id}``          ``{"CFItem": CFItem, "CFAssociations": [...]}``: every
                                             association starting or ending at the item
``GET .../CFItemTypes/{id}``                 ``{"CFItemTypes": [CFItemType]}``
``GET .../CFLicenses/{id}``                  the CFLicense
==========================================  =============================================

``CFSubjects``, ``CFConcepts`` and ``CFAssociationGroupings`` answer 404: the package
defines none. Anything unknown is a 404 with CASE's status payload
(``imsx_codeMajor`` failure, ``imsx_severity`` error, ``imsx_codeMinor``
``unknownobject``, or ``invalid_uuid`` for an identifier that is not a UUID).

Every ``uri`` of an object the API serves (and of each link to one) is its address
on the API under the base URL given (``{base}/ims/case/v1p1/CFItems/{id}``), so a
client can follow it; links to items outside the framework (a mapping's other
framework) keep their own.

The ``case-api`` export (``ahpfw export case-api --out DIR --base-url URL``, not part
of ``ahpfw build``: a large framework would make millions of files) writes the same
answers as a static tree, ``case-api/ims/case/v1p1/...``, one file per path without an
extension (the list of documents, whose path is also a folder, as
``CFDocuments/index.json``), with ``404.json`` and a README saying what the web
server must be told (:data:`STATIC_README`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..model import Framework
from ..problems import UsageError
from ..project import Project
from .jsontext import dumps_lines

#: The folder the ``case-api`` export owns (written whole, replacing what was there).
FOLDER = "case-api"

NEEDS: tuple[str, ...] = ("linkml_runtime", "rdflib")  # the CASE package (case.py, vocab.py)

FILES = (f"{FOLDER}/README.md", f"{FOLDER}/404.json", f"{FOLDER}/ims/case/v1p1/*")

ABOUT = {
    f"{FOLDER}/README.md": ("Markdown", "whoever hosts the tree", "says what the web server must be told"),
    f"{FOLDER}/404.json": ("JSON: CASE's imsx_StatusInfo", "the web server's answer to an unknown path",
                           "the CASE 1.1 imsx_StatusInfo payload"),
    f"{FOLDER}/ims/case/v1p1/*": (
        "JSON: the CASE 1.1 REST answers (CFDocuments, CFPackages, CFItems, CFAssociations, CFItemAssociations, "
        "CFItemTypes, CFLicenses), one file per path, no extension",
        "CASE consumers (OpenSALT, the CASE Network) reading a framework from a static web host",
        "the same answers as `ahpfw serve`; the tests check them against the CASE 1.1 schema",
    ),
}

#: The root of every endpoint (CASE 1.1 REST/JSON binding §4: ``/ims/case/v1p1``).
ROOT = "/ims/case/v1p1"

_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

#: Endpoints that take an identifier -> the kind of object (for messages).
ENDPOINTS = ("CFDocuments", "CFPackages", "CFItems", "CFAssociations", "CFItemAssociations", "CFItemTypes",
             "CFLicenses", "CFSubjects", "CFConcepts", "CFAssociationGroupings")


@dataclass(frozen=True)
class Answer:
    """One response: the HTTP status, the JSON text of its body and any extra headers."""

    status: int
    body: str
    headers: tuple[tuple[str, str], ...] = ()


def status_info(description: str, minor: str | None = None, field: str = "sourcedId") -> dict[str, Any]:
    """CASE's imsx_StatusInfo payload for a failure (REST/JSON binding §4.4)."""
    info: dict[str, Any] = {"imsx_codeMajor": "failure", "imsx_severity": "error", "imsx_description": description}
    if minor is not None:
        info["imsx_codeMinor"] = {"imsx_codeMinorField": [{"imsx_codeMinorFieldName": field,
                                                           "imsx_codeMinorFieldValue": minor}]}
    return info


def json_text(payload: Any) -> str:
    """A payload as the answers write it: JSON, indented one space, UTF-8 characters as they are."""
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def _failure(status: int, description: str, minor: str | None = None, field: str = "sourcedId") -> Answer:
    return Answer(status, json_text(status_info(description, minor, field)))


class CaseApi:
    """The answers of the CASE 1.1 REST read endpoints for one CFPackage, served under ``base_url``."""

    def __init__(self, package: dict[str, Any], base_url: str):
        self.base = base_url.rstrip("/")
        document = package["CFDocument"]
        definitions = package.get("CFDefinitions", {})
        where = {document["identifier"]: "CFDocuments"}
        for name, objects in (("CFItems", package.get("CFItems", [])),
                              ("CFAssociations", package.get("CFAssociations", [])),
                              ("CFItemTypes", definitions.get("CFItemTypes", [])),
                              ("CFLicenses", definitions.get("CFLicenses", []))):
            where.update((obj["identifier"], name) for obj in objects)
        uris = {identifier: self.url(f"{name}/{identifier}") for identifier, name in where.items()}
        self.package = _with_uris(package, uris)
        document = self.package["CFDocument"]
        self.document_id = document["identifier"]
        self.document_link = {"title": document["title"], "identifier": self.document_id, "uri": document["uri"]}
        self.document = {**document, "CFPackageURI": {"title": document["title"], "identifier": self.document_id,
                                                      "uri": self.url(f"CFPackages/{self.document_id}")}}
        self.items = {item["identifier"]: item for item in self.package.get("CFItems", [])}
        self.associations = {a["identifier"]: a for a in self.package.get("CFAssociations", [])}
        defs = self.package.get("CFDefinitions", {})
        self.item_types = {t["identifier"]: t for t in defs.get("CFItemTypes", [])}
        self.licences = {lic["identifier"]: lic for lic in defs.get("CFLicenses", [])}
        self.by_item: dict[str, list[dict[str, Any]]] = {}
        for association in self.associations.values():
            ends = {association["originNodeURI"]["identifier"], association["destinationNodeURI"]["identifier"]}
            for end in ends & self.items.keys():
                self.by_item.setdefault(end, []).append(association)

    def url(self, path: str) -> str:
        """The absolute address of an endpoint path under :data:`ROOT`."""
        return f"{self.base}{ROOT}/{path}"

    def answer(self, path: str, query: str = "") -> Answer:
        """The response to ``GET path?query`` (``path`` starting ``/``)."""
        if not path.startswith(ROOT + "/"):
            return _failure(404, f"{path}: not a CASE 1.1 endpoint (they start {ROOT}/)", "unknownobject", "path")
        parts = path[len(ROOT) + 1:].split("/")
        if parts == ["CFDocuments"]:
            return self._documents(query)
        if len(parts) != 2 or parts[0] not in ENDPOINTS:
            return _failure(404, f"{path}: no such CASE 1.1 endpoint", "unknownobject", "path")
        endpoint, identifier = parts
        if not _UUID.match(identifier):
            return _failure(404, f"{identifier!r} is not a UUID", "invalid_uuid")
        payload = self._object(endpoint, identifier.lower())
        if payload is None:
            return _failure(404, f"no {endpoint[2:-1] if endpoint.endswith('s') else endpoint} {identifier} here",
                            "unknownobject")
        return Answer(200, dumps_lines(payload) if endpoint == "CFPackages" else json_text(payload))

    def _documents(self, query: str) -> Answer:
        params = parse_qs(query, keep_blank_values=True)
        try:
            limit = int(params.get("limit", ["100"])[-1])
            offset = int(params.get("offset", ["0"])[-1])
        except ValueError:
            return _failure(400, "limit and offset are whole numbers", "invalid_selection_field", "limit")
        if limit < 1 or offset < 0:
            return _failure(400, "limit is at least 1 and offset at least 0", "invalid_selection_field", "limit")
        documents = [self.document][offset:offset + limit]
        return Answer(200, json_text({"CFDocuments": documents}), (("X-Total-Count", "1"),))

    def _object(self, endpoint: str, identifier: str) -> dict[str, Any] | None:
        with_document = {"CFDocumentURI": self.document_link}
        if endpoint == "CFDocuments":
            return self.document if identifier == self.document_id else None
        if endpoint == "CFPackages":
            return self.package if identifier == self.document_id else None
        if endpoint == "CFItems":
            item = self.items.get(identifier)
            return {**item, **with_document} if item is not None else None
        if endpoint == "CFAssociations":
            association = self.associations.get(identifier)
            return {**association, **with_document} if association is not None else None
        if endpoint == "CFItemAssociations":
            item = self.items.get(identifier)
            if item is None:
                return None
            return {"CFItem": {**item, **with_document}, "CFAssociations": self.by_item.get(identifier, [])}
        if endpoint == "CFItemTypes":
            kind = self.item_types.get(identifier)
            return {"CFItemTypes": [kind]} if kind is not None else None
        if endpoint == "CFLicenses":
            return self.licences.get(identifier)
        return None  # CFSubjects, CFConcepts, CFAssociationGroupings: the package defines none

    def paths(self) -> Iterator[str]:
        """Every path that answers 200 (without a query), in a fixed order: what a static tree holds."""
        yield f"{ROOT}/CFDocuments"
        yield f"{ROOT}/CFDocuments/{self.document_id}"
        yield f"{ROOT}/CFPackages/{self.document_id}"
        for identifier in self.items:
            yield f"{ROOT}/CFItems/{identifier}"
            yield f"{ROOT}/CFItemAssociations/{identifier}"
        for identifier in self.associations:
            yield f"{ROOT}/CFAssociations/{identifier}"
        for identifier in self.item_types:
            yield f"{ROOT}/CFItemTypes/{identifier}"
        for identifier in self.licences:
            yield f"{ROOT}/CFLicenses/{identifier}"


def _with_uris(value: Any, uris: dict[str, str]) -> Any:
    """``value`` (a package, or part of one) with the ``uri`` of every object and link whose ``identifier``
    is in ``uris`` replaced by its address."""
    if isinstance(value, dict):
        out = {key: _with_uris(item, uris) for key, item in value.items()}
        if "uri" in out and out.get("identifier") in uris:
            out["uri"] = uris[out["identifier"]]
        return out
    if isinstance(value, list):
        return [_with_uris(item, uris) for item in value]
    return value


def checked_base_url(url: str) -> str:
    """``url`` if it can be the base of the answers' addresses (http or https, with a host); else UsageError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise UsageError(f"--base-url {url!r} should be a web address such as https://example.org/case")
    return url


def static_file(path: str) -> str:
    """Where the answer to an API path is kept in the static tree, relative to its folder: the path itself,
    or ``.../CFDocuments/index.json`` for the list of documents (whose path is also the documents' folder)."""
    relative = path.lstrip("/")
    return f"{relative}/index.json" if path == f"{ROOT}/CFDocuments" else relative


STATIC_README = """# CASE 1.1 answers as static files

Generated by `ahpfw export case-api` for {title} {version}, to be served at
{base}. Each file is the answer `ahpfw serve` gives to the same path under
`{root}/`, so a CASE consumer can read the framework from any static web host
once the host is told three things:

1. **Every file is JSON**: serve everything in this folder as
   `Content-Type: application/json; charset=utf-8`, whatever its name (most
   files have no extension, since CASE's paths have none).
2. **`{root}/CFDocuments` is `{root}/CFDocuments/index.json`**: that path is
   also the folder of the documents, so its answer is kept as `index.json`
   inside it. Serve it for the path without a trailing slash and without a
   redirect.
3. **Unknown paths answer 404 with `404.json`**, CASE's status payload.

The `uri` fields hold {base}{root}/..., so the tree must be served at
{base}; to serve it elsewhere, export it again with another `--base-url`.

For nginx, with this folder as the site's root:

```
location {root}/ {{
    default_type application/json;
    types {{ }}
    charset utf-8;
    try_files $uri $uri/index.json =404;
    error_page 404 /404.json;
}}
location = /404.json {{ default_type application/json; types {{ }} internal; }}
```

For Apache (`.htaccess` in this folder, with `AllowOverride FileInfo Indexes`):

```
ForceType application/json
AddDefaultCharset utf-8
DirectoryIndex index.json
DirectorySlash Off
RewriteEngine On
RewriteCond %{{REQUEST_FILENAME}} -d
RewriteRule ^(.*)$ $1/index.json [L]
ErrorDocument 404 /404.json
```
"""


def export(project: Project, out_dir: Path, base_url: str) -> list[Path]:
    """Write the static tree of CASE answers for the project's framework, served at ``base_url``, under
    ``out_dir``."""
    fw = project.framework
    api = case_api(fw, checked_base_url(base_url))
    root = Path(out_dir) / FOLDER
    written = []
    for path in api.paths():
        target = root / static_file(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(api.answer(path).body, encoding="utf-8", newline="\n")
        written.append(target)
    missing = root / "404.json"
    missing.write_text(json_text(status_info("no such CASE object or endpoint here", "unknownobject")),
                       encoding="utf-8", newline="\n")
    readme = root / "README.md"
    readme.write_text(STATIC_README.format(title=fw.title, version=fw.version, base=api.base, root=ROOT),
                      encoding="utf-8", newline="\n")
    return [readme, missing, *written]


def case_api(fw: Framework, base_url: str) -> CaseApi:
    """The API for ``fw``'s CASE package (:func:`ahpfw.exporters.case.cf_package`), served under ``base_url``."""
    from .case import cf_package
    from .vocab import vocabulary

    return CaseApi(cf_package(fw, vocabulary(fw).base_iri(fw)), base_url)
