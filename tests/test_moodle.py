"""The Moodle export read as Moodle reads it.

``read_like_moodle`` applies the reading rules of Moodle's competency framework importer,
written from its source in the moodle/moodle repository (revisions read):

* ``admin/tool/lpimportcsv/classes/framework_importer.php`` at 9c91a9593de989192ca2c10f8d534585330d6d47:
  columns taken by position (``read_mapping_data`` without a mapping form: 0 to 13); a row whose
  "Is framework" is true in PHP is the framework; id numbers and short names pass through
  ``clean_param(PARAM_TEXT)`` and ``shorten_text(..., 100)``; competencies are kept in ``$flat`` by
  their raw id number (a second row with the same id number replaces the first); the tree is built
  by ``add_children`` comparing ``parentidnumber == idnumber`` (PHP's loose ``==``) from ``''``;
  ``create_competency`` skips a row whose id number or short name is ``empty()``; the scale
  configuration is JSON whose first element gets the scale id; related id numbers are split at
  commas, ``%2C`` standing for a comma, and looked up in ``$flat``.
* ``lib/csvlib.class.php`` (``csv_import_reader::load_csv_content``) at
  cf29c007d2535bb90d623d0fad76ee8075ced722: a UTF-8 byte-order mark removed, CR LF and CR made LF,
  the content trimmed, rows read with PHP's ``fgetcsv`` (delimiter ``,``, enclosure ``"``, and PHP's
  default escape character, the backslash), blank lines skipped, every row as long as the header
  (else "csvweirdcolumns").
* ``competency/classes/competency_framework.php`` (``validate_scaleconfiguration``,
  ``validate_taxonomies``, the taxonomy constants) at 24b2700977a19cf0e3c83a91ec325cb6795e5609.
* ``lib/moodlelib.php``: ``shorten_text`` keeps text whose length without tags
  (``preg_replace('/<.*?>/', '', $text)``, counted by ``mb_strlen``) is at most the limit;
  ``clean_param(PARAM_TEXT)`` ends in ``strip_tags``, which leaves text with no ``<`` as it is.
* ``admin/tool/lpimportcsv/tests/fixtures/example.csv`` at 337fd7b2e88cc06ef97c6ec30bbc63172e0b94f4:
  the header names.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
import yaml

import ahpfw
from ahpfw.exporters import moodle
from ahpfw.exporters.platform_text import ELLIPSIS
from ahpfw.history.releaseindex import load_release
from ahpfw.site.pages import RATINGS

from .conftest import MINIMAL, REPO, copy_framework

#: The header of Moodle's test fixture example.csv, as it is written there.
FIXTURE_HEADER = ('"Parent id number","Id number",Shortname,Description,"Description format","Scale values",'
                  '"Scale configuration","Rule type (optional)","Rule outcome (optional)","Rule config (optional)",'
                  '"Cross referenced competency id numbers","Exported id (optional)","Is framework",Taxonomy')

#: competency_framework::get_taxonomies_list()
MOODLE_TAXONOMIES = {"behaviour", "competency", "concept", "domain", "indicator", "level", "outcome", "practice",
                     "proficiency", "skill", "value"}

_NUMERIC = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")


def php_empty(value: str) -> bool:
    """PHP's ``empty()`` of a string: ``''`` and ``'0'``."""
    return value in ("", "0")


def shorten_text_keeps(text: str, limit: int = 100) -> bool:
    """Whether Moodle's ``shorten_text($text, $limit)`` returns ``text`` unchanged."""
    return len(re.sub(r"<.*?>", "", text, flags=re.S)) <= limit


def read_like_moodle(content: bytes) -> tuple[dict, dict[str, dict], list[str]]:
    """The framework row, the competencies by id number and the competencies in tree order, as
    Moodle's importer reads ``content``; assertions where Moodle would fail or change the text."""
    text = content.decode("utf-8")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").strip()
    # PHP's fgetcsv treats a backslash as an escape character: a backslash before a double quote
    # would make it read the field differently from RFC 4180, so none may occur.
    assert '\\"' not in text, "a backslash before a double quote would be read differently by PHP's fgetcsv"
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), strict=True) if row != []]
    header, body = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in body), "csvweirdcolumns: a row has another number of cells"
    framework, flat = None, {}
    for row in body:
        (parent, idnumber, shortname, description, descriptionformat, scalevalues, scaleconfiguration,
         ruletype, ruleoutcome, ruleconfig, related, exportid, isframework, taxonomies) = row
        for value in (idnumber, shortname):  # clean_param(PARAM_TEXT) then shorten_text(..., 100)
            assert "<" not in value and "\0" not in value, f"PARAM_TEXT would strip tags from {value!r}"
            assert shorten_text_keeps(value), f"Moodle would cut {value!r} ({len(value)} characters)"
        record = {"parent": parent, "idnumber": idnumber, "shortname": shortname, "description": description,
                  "descriptionformat": descriptionformat, "scalevalues": scalevalues,
                  "scaleconfiguration": scaleconfiguration, "ruletype": ruletype, "related": related,
                  "taxonomies": taxonomies, "children": []}
        if not php_empty(isframework):
            framework = record
        else:
            assert idnumber not in flat, f"id number {idnumber!r} is used twice: Moodle keeps only the last"
            flat[idnumber] = record
    assert framework is not None, "no framework row: Moodle says the file format is invalid"
    # PHP's == compares two numeric strings as numbers; none of ours is numeric, so == is equality.
    assert not any(_NUMERIC.match(key) or _NUMERIC.match(c["parent"] or "x") for key, c in flat.items())
    order: list[str] = []

    def add_children(node: dict, parentidnumber: str) -> None:
        for competency in flat.values():
            if competency["parent"] == parentidnumber:
                node["children"].append(competency)
                order.append(competency["idnumber"])
                add_children(competency, competency["idnumber"])

    add_children(framework, "")
    return framework, flat, order


def scale_configuration(framework: dict) -> tuple[list[str], int, int]:
    """The scale's items (grade_scale's comma-separated items), the default and the proficient value,
    checked as competency_framework::validate_scaleconfiguration checks them."""
    items = [item.strip() for item in framework["scalevalues"].split(",")]
    config = json.loads(framework["scaleconfiguration"])
    assert isinstance(config, list) and "scaleid" in config[0]  # get_scale_configuration sets [0]->scaleid
    values = config[1:]
    defaults = [c["id"] for c in values if c.get("scaledefault")]
    proficient = [c["id"] for c in values if c.get("proficient")]
    assert defaults and proficient, "errorscaleconfiguration: no default or no proficient value"
    assert all(1 <= c["id"] <= len(items) for c in values)
    return items, defaults[0], proficient[0]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "br":
            self.text.append("\n")

    def handle_data(self, data):
        self.text.append(data)


def html_text(description: str) -> tuple[set[str], str]:
    """The tags a description uses and its text."""
    parser = _Text()
    parser.feed(description)
    parser.close()
    return set(parser.tags), "".join(parser.text)


# ---------------------------------------------------------------------------
# The shipped framework's file


@pytest.fixture(scope="module")
def shipped_csv() -> bytes:
    return (REPO / "exports" / "moodle" / "framework.csv").read_bytes()


def test_header_is_the_fixtures_and_the_columns_are_in_the_importers_order(shipped_csv):
    assert shipped_csv.decode("utf-8").splitlines()[0].split(",") == next(csv.reader([FIXTURE_HEADER]))
    assert moodle.HEADERS == tuple(next(csv.reader([FIXTURE_HEADER])))
    assert not shipped_csv.startswith(b"\xef\xbb\xbf")


def test_moodle_reads_one_framework_and_finds_every_parent(shipped_csv):
    framework, flat, order = read_like_moodle(shipped_csv)
    assert framework["idnumber"] == f"ahpfw:FW-0001/{ahpfw.load(REPO / 'framework').version}"  # the shipped version
    assert framework["descriptionformat"] == "1"
    assert sorted(order) == sorted(flat), "a competency whose parent is not in the file is never created"
    assert list(flat) == order, "the file lists each competency after its parent, in the framework's order"
    fw = ahpfw.load(REPO / "framework")
    active = [cap for d in fw.domains if d.status == "active" for cap in d.capabilities if cap.status == "active"]
    tops = framework["children"]
    assert [c["idnumber"] for c in tops] == [d.id for d in fw.domains if d.status == "active"]
    assert sum(len(d["children"]) for d in tops) == len(active)
    assert all(len(cap["children"]) == len(fw.stages_in_order) for d in tops for cap in d["children"])
    assert "ahpfw:CAP-0018" not in flat, "a retired capability is left out"
    assert all(not php_empty(c["idnumber"]) and not php_empty(c["shortname"]) for c in flat.values())
    assert all(c["descriptionformat"] == "1" and c["description"].startswith("<p>") for c in flat.values())


def test_scale_is_the_plan_pages_with_confident_proficient(shipped_csv):
    framework, flat, _ = read_like_moodle(shipped_csv)
    items, default, proficient = scale_configuration(framework)
    assert items == list(RATINGS.values()) == ["Not yet", "Developing", "Confident"]
    assert items[proficient - 1] == "Confident" and default == proficient
    assert all(c["scalevalues"] == "" and c["scaleconfiguration"] == "" for c in flat.values()), \
        "competencies use the framework's scale"


def test_taxonomies_are_moodles_terms_one_per_level(shipped_csv):
    framework, _, _ = read_like_moodle(shipped_csv)
    terms = framework["taxonomies"].split(",")
    assert terms == ["domain", "competency", "indicator"] and set(terms) <= MOODLE_TAXONOMIES


def test_cross_references_name_competencies_of_the_file(shipped_csv):
    _, flat, _ = read_like_moodle(shipped_csv)
    related = {key: [r.replace("%2C", ",") for r in c["related"].split(",")] for key, c in flat.items()
               if c["related"]}
    assert all(r in flat for refs in related.values() for r in refs)
    assert related["ahpfw:CAP-0001/ahpfw:STAGE-0002"] == ["ahpfw:CAP-0001/ahpfw:STAGE-0001",
                                                          "ahpfw:CAP-0001/ahpfw:STAGE-0003"]
    # CAP-0002 and CAP-0014 both meet the learning need NEED-0002; each names the other
    assert "ahpfw:CAP-0014" in related["ahpfw:CAP-0002"] and "ahpfw:CAP-0002" in related["ahpfw:CAP-0014"]


def test_indicator_short_names_carry_the_code_and_stage(shipped_csv):
    _, flat, _ = read_like_moodle(shipped_csv)
    assert flat["ahpfw:CAP-0001/ahpfw:STAGE-0002"]["shortname"] == \
        "1.1.S2 Creating a safe and inclusive learning environment (Practice educator)"
    assert all(len(c["shortname"]) <= 100 for c in flat.values())
    cut = [c["shortname"] for c in flat.values() if ELLIPSIS in c["shortname"]]
    assert cut and all(s.endswith(")") for s in cut), "a cut short name keeps its stage"


# ---------------------------------------------------------------------------
# Hostile text and long identifiers

HOSTILE_NAME = '=HYPERLINK("http://evil.example","click")'
LONG_NAME = ("=<b>Bold</b> \"quoted\" back\\\"slash, ünïcödé ‘curly’ — and a great many more words that go on "
             "well past the hundred characters Moodle keeps")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[ahpfw.Framework, bytes]:
    folder = copy_framework(MINIMAL, tmp_path_factory.mktemp("moodle") / "framework")
    path = folder / "domains.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["domains"][0]["code"]
    data["domains"][0]["name"] = "=" + "y" * 150  # one long word: cut inside it, apostrophe included
    first, second = data["domains"][0]["capabilities"][:2]
    del first["code"]
    first["name"] = HOSTILE_NAME
    first["statement"] = "<script>alert('x')</script> & \"quoted\"\nsecond line\n\nSecond paragraph"
    first["descriptors"][0]["text"] = "-1+2 ünïcödé"
    del second["code"]
    second["name"] = LONG_NAME
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    elements = folder / "elements.yaml"
    data = yaml.safe_load(elements.read_text(encoding="utf-8"))
    data["career_stages"][1]["name"] = "Leading\neducation <i>now</i>"
    elements.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    fw = ahpfw.load(folder)
    out = tmp_path_factory.mktemp("moodle-out")
    ahpfw.export(fw, "moodle", out)
    return fw, (out / "moodle" / "framework.csv").read_bytes()


def test_hostile_text_is_read_back_as_written(hostile):
    fw, content = hostile
    _, flat, order = read_like_moodle(content)
    assert sorted(order) == sorted(flat)
    first = flat["ahpfw:CAP-0001"]
    assert first["shortname"] == "'" + HOSTILE_NAME, "a cell that starts a formula gets an apostrophe"
    tags, text = html_text(first["description"])
    assert tags == {"p", "br"}, "framework text never becomes markup"
    assert text.startswith("<script>alert('x')</script> & \"quoted\"\nsecond line")
    assert "Second paragraph" in text
    assert html_text(flat["ahpfw:CAP-0001/ahpfw:STAGE-0001"]["description"])[1] == "-1+2 ünïcödé"
    long = flat["ahpfw:CAP-0002"]["shortname"]
    assert 90 < len(long) <= 100 and long.endswith(ELLIPSIS), "cut at a word to fit, apostrophe included"
    assert long.startswith("'=&lt;b&gt;Bold&lt;/b&gt; \"quoted\"")
    assert flat["ahpfw:DOM-0001"]["shortname"] == "'=" + "y" * 97 + ELLIPSIS
    assert "\n" not in flat["ahpfw:CAP-0001/ahpfw:STAGE-0002"]["shortname"]
    assert flat["ahpfw:CAP-0001/ahpfw:STAGE-0002"]["shortname"].endswith("(Leading education &lt;i&gt;now&lt;/i&gt;)")


def test_a_backslash_before_a_quote_is_not_left_for_phps_escape_character(hostile):
    _, content = hostile
    assert b'back\\&quot;slash' in content and b'\\"' not in content


def test_identifiers_longer_than_moodle_keeps_are_shortened_the_same_way_every_time(tmp_path):
    folder = copy_framework(MINIMAL, tmp_path / "framework")
    prefix = "p" * 95
    for path in folder.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("ahpfw:", f"{prefix}:"), encoding="utf-8")
    fw = ahpfw.load(folder)
    first = moodle.csv_text(moodle.moodle_framework(fw))
    assert moodle.csv_text(moodle.moodle_framework(ahpfw.load(folder))) == first
    framework, flat, order = read_like_moodle(first.encode("utf-8"))
    assert sorted(order) == sorted(flat), "every shortened parent id number is still found"
    long_key = f"{prefix}:CAP-0001/{prefix}:STAGE-0001"
    assert moodle.idnumber(long_key) in flat and len(moodle.idnumber(long_key)) == 100
    assert moodle.idnumber(long_key) != moodle.idnumber(long_key.replace("0001", "0002"))
    assert framework["idnumber"] == moodle.idnumber(f"{prefix}:FW-0001/1.0.0")


def test_shortname_refuses_nothing_and_never_exceeds_the_limit():
    for text in ("x" * 300, "word " * 60, "&<>" * 80, "a"):
        for suffix in ("", "(S1)", "y" * 200):
            name = moodle.shortname(text, suffix)
            assert shorten_text_keeps(name) and "<" not in name, (text, suffix, name)


# ---------------------------------------------------------------------------
# Releases: stable competency id numbers, a new framework id number each time


def test_releases_keep_competency_id_numbers_and_get_their_own_framework(tmp_path):
    old, new = load_release("0.2.0", REPO / "releases"), load_release("0.3.0", REPO / "releases")
    (old_fw, old_flat, _), (new_fw, new_flat, _) = (
        read_like_moodle(moodle.csv_text(moodle.moodle_framework(fw)).encode("utf-8")) for fw in (old, new))
    assert old_fw["idnumber"] == "ahpfw:FW-0001/0.2.0" and new_fw["idnumber"] == "ahpfw:FW-0001/0.3.0"
    assert old_fw["shortname"] != new_fw["shortname"]

    def still_active(key: str) -> bool:
        return all(part in new.elements and new.elements[part].status == "active" for part in key.split("/"))

    kept = [key for key in old_flat if still_active(key)]
    assert len(kept) > 100 and all(key in new_flat for key in kept)
    assert [key for key in old_flat if not still_active(key)], "0.3.0 retired some of 0.2.0's capabilities"
    moved = [k for k in kept if old_flat[k]["shortname"] != new_flat[k]["shortname"]]
    assert moved, "display codes and names may change between releases; the id numbers do not"


def test_export_is_deterministic_and_in_the_build(tmp_path):
    fw = ahpfw.load(REPO / "framework")
    a, b = (ahpfw.export(fw, "moodle", tmp_path / name)[0].read_bytes() for name in ("a", "b"))
    assert a == b == (REPO / "exports" / "moodle" / "framework.csv").read_bytes()
    assert "moodle/framework.csv" in (REPO / "exports" / "README.md").read_text(encoding="utf-8")
