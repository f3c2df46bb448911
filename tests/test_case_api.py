"""CASE over HTTP: ``ahpfw serve`` answers the CASE 1.1 REST read endpoints, and the case-api export writes
the same answers as files.

A client starts ``ahpfw serve`` on 127.0.0.1, port 0, as a real process, and walks from
``CFDocuments`` to every item and association by following the ``uri`` fields, checking each
answer against the CASE 1.1 schema in tests/schemas (whose definitions cite the REST/JSON
binding's sections).
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ahpfw.exporters.case_api import ROOT, static_file

from .conftest import REPO, run_cli

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "case-1.1-cfpackage.schema.json").read_text("utf-8"))


def check(payload: object, definition: str | None) -> None:
    """Validate ``payload`` against one definition of the schema (None: the CFPackage, its root)."""
    import jsonschema

    schema = SCHEMA if definition is None else {"$schema": SCHEMA["$schema"], "definitions": SCHEMA["definitions"],
                                                 "$ref": f"#/definitions/{definition}"}
    validator = jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(payload)]
    assert not errors, (definition, errors[:3])


class Server:
    """``ahpfw serve`` running in a process of its own."""

    def __init__(self, *args: str):
        self.process = subprocess.Popen([sys.executable, "-m", "ahpfw", "serve", "--port", "0", *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line:
            self.process.kill()
            raise AssertionError(f"ahpfw serve printed no address: {self.process.stderr.read()}")
        self.documents = line
        self.origin = line[:line.index(ROOT)]

    def get(self, url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(url, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def json(self, url: str, definition: str | None, status: int = 200) -> dict:
        code, headers, body = self.get(url)
        assert code == status, (url, code, body[:300])
        assert headers["Content-Type"] == "application/json; charset=utf-8"
        payload = json.loads(body)
        check(payload, definition)
        return payload

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stdout.close()
        self.process.stderr.close()


@pytest.fixture(scope="module")
def server():
    running = Server(str(REPO / "framework"))
    yield running
    running.stop()


def test_the_address_printed_is_on_the_loopback_address_and_lists_the_documents(server):
    assert server.documents.startswith("http://127.0.0.1:") and server.documents.endswith(f"{ROOT}/CFDocuments")
    listing = server.json(server.documents, "CFDocumentSet")
    assert [d["title"] for d in listing["CFDocuments"]] == [
        "Allied Health Professions Education Workforce Capability and Career Framework"]


def test_a_client_walks_from_the_documents_to_every_item_and_association(server):
    package_file = json.loads((REPO / "exports" / "case" / "framework.json").read_text(encoding="utf-8"))
    listing = server.json(server.documents, "CFDocumentSet")
    (document,) = listing["CFDocuments"]
    assert server.json(document["uri"], "CFDocument") == document
    package = server.json(document["CFPackageURI"]["uri"], None)
    assert len(package["CFItems"]) == len(package_file["CFItems"])
    assert len(package["CFAssociations"]) == len(package_file["CFAssociations"])
    assert server.json(document["licenseURI"]["uri"], "CFLicense")["identifier"] == \
        document["licenseURI"]["identifier"]
    internal = {package["CFDocument"]["identifier"]} | {i["identifier"] for i in package["CFItems"]}
    seen_associations = set()
    for item in package["CFItems"]:
        assert item["uri"] == f"{server.origin}{ROOT}/CFItems/{item['identifier']}"
        served = server.json(item["uri"], "CFItem")
        assert served == {**item, "CFDocumentURI": {"title": document["title"], "identifier": document["identifier"],
                                                    "uri": document["uri"]}}
        kind = server.json(item["CFItemTypeURI"]["uri"], "CFItemTypeSet")
        assert kind["CFItemTypes"][0]["title"] == item["CFItemType"]
        links = server.json(f"{server.origin}{ROOT}/CFItemAssociations/{item['identifier']}", "CFAssociationSet")
        assert links["CFItem"] == served
        expected = [a for a in package["CFAssociations"] if item["identifier"] in
                    (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"])]
        assert links["CFAssociations"] == expected
        seen_associations |= {a["identifier"] for a in expected}
    for association in package["CFAssociations"]:
        served = server.json(association["uri"], "CFAssociation")
        assert served == {**association, "CFDocumentURI": served["CFDocumentURI"]}
        for end in (association["originNodeURI"], association["destinationNodeURI"]):
            if end["identifier"] in internal:  # an end inside the framework can be followed
                assert end["uri"].startswith(f"{server.origin}{ROOT}/")
                code, _, _ = server.get(end["uri"])
                assert code == 200, end
    assert seen_associations == {a["identifier"] for a in package["CFAssociations"]}, \
        "every association is reached from an item"


def test_unknown_objects_and_paths_answer_404_with_cases_status_payload(server):
    unknown = server.json(f"{server.origin}{ROOT}/CFItems/00000000-0000-4000-8000-000000000000", "imsx_StatusInfo", 404)
    assert unknown["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == "unknownobject"
    invalid = server.json(f"{server.origin}{ROOT}/CFItems/not-a-uuid", "imsx_StatusInfo", 404)
    assert invalid["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == "invalid_uuid"
    for path in (f"{ROOT}/CFSubjects/00000000-0000-4000-8000-000000000000", f"{ROOT}/Nothing", "/", "/robots.txt"):
        assert server.json(server.origin + path, "imsx_StatusInfo", 404)["imsx_codeMajor"] == "failure"
    bad = server.json(f"{server.documents}?limit=zero", "imsx_StatusInfo", 400)
    assert bad["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"] == "invalid_selection_field"
    code, _, body = server.get(f"{server.documents}?limit=1&offset=1")
    assert code == 200 and json.loads(body) == {"CFDocuments": []}


def test_it_is_read_only_and_head_answers_without_a_body(server):
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        code, headers, body = server.get(server.documents, method)
        assert code == 405 and headers["Allow"] == "GET, HEAD", method
        check(json.loads(body), "imsx_StatusInfo")
    code, headers, body = server.get(server.documents, "HEAD")
    full = server.get(server.documents)
    assert code == 200 and body == b"" and headers["Content-Length"] == full[1]["Content-Length"]


def test_base_url_sets_every_uri_and_the_static_tree_holds_the_same_answers(tmp_path):
    base = "https://example.org/case"
    result = run_cli("export", "case-api", str(REPO / "framework"), "--out", str(tmp_path), "--base-url", base)
    assert result.returncode == 0, result.stderr
    tree = tmp_path / "case-api"
    readme = (tree / "README.md").read_text(encoding="utf-8")
    assert "application/json" in readme and "index.json" in readme and base in readme
    check(json.loads((tree / "404.json").read_text(encoding="utf-8")), "imsx_StatusInfo")
    files = sorted(p.relative_to(tree).as_posix() for p in (tree / "ims").rglob("*") if p.is_file())
    assert f"{ROOT[1:]}/CFDocuments/index.json" in files
    server = Server(str(REPO / "framework"), "--base-url", base)
    try:
        for name in files:
            path = "/" + name.removesuffix("/index.json") if name.endswith("CFDocuments/index.json") else "/" + name
            assert static_file(path) == name
            code, _, body = server.get(server.origin + path)
            assert code == 200 and body == (tree / name).read_bytes(), name
            assert b"127.0.0.1" not in body
        listing = json.loads((tree / static_file(f"{ROOT}/CFDocuments")).read_text(encoding="utf-8"))
        assert listing["CFDocuments"][0]["uri"].startswith(f"{base}{ROOT}/CFDocuments/")
    finally:
        server.stop()


def test_the_static_tree_is_asked_for_and_never_part_of_the_build(tmp_path):
    from ahpfw.exporters import FORMATS, OPT_IN

    assert "case-api" in OPT_IN and "case-api" not in FORMATS
    assert not (REPO / "exports" / "case-api").exists()
    no_url = run_cli("export", "case-api", str(REPO / "framework"), "--out", str(tmp_path))
    assert no_url.returncode == 2 and "--base-url" in no_url.stderr and not any(tmp_path.iterdir())
    no_out = run_cli("export", "case-api", str(REPO / "framework"), "--base-url", "https://example.org/")
    assert no_out.returncode == 2 and "--out" in no_out.stderr
    foreign = tmp_path / "case-api"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    refused = run_cli("export", "case-api", str(REPO / "framework"), "--out", str(tmp_path), "--base-url",
                      "https://example.org/")
    assert refused.returncode == 2 and (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"
    wrong = run_cli("export", "json", str(REPO / "framework"), "--out", str(tmp_path), "--base-url",
                    "https://example.org/")
    assert wrong.returncode == 2 and "does not apply" in wrong.stderr
    (foreign / "notes.txt").unlink()
    not_web = run_cli("export", "case-api", str(REPO / "framework"), "--out", str(tmp_path), "--base-url",
                      "ftp://example.org/")
    assert not_web.returncode == 2 and "--base-url" in not_web.stderr and not any(foreign.iterdir())


def test_serve_refuses_a_framework_with_errors_and_a_base_url_that_is_no_web_address(minimal):
    roles = minimal / "elements.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("stage: ahpfw:STAGE-0001", "stage: ahpfw:STAGE-0009"),
                     encoding="utf-8")
    broken = run_cli("serve", str(minimal), "--port", "0")
    assert broken.returncode == 1 and "AHP011" in broken.stdout and broken.stderr.startswith("error:")
    bad = run_cli("serve", str(REPO / "framework"), "--port", "0", "--base-url", "example.org")
    assert bad.returncode == 2 and "--base-url" in bad.stderr
