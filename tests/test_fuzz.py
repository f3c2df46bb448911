"""Property-based tests: random damage to a framework never makes the library crash.

Hypothesis edits a framework's files (delete a key, rename one, change a value's
type, duplicate or drop a list item, swap two ids, truncate or garble a file)
and checks that validate() reports problems instead of raising, that load()
raises nothing but FrameworkError, that diff() and every exporter cope with
whatever loads, and that diff(a, a) is empty. Examples are few and deadlines off
so the suite stays quick; a failure prints the edits that caused it.
"""

from __future__ import annotations

import copy
import json
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ahpfw.exporters import FORMATS, export
from ahpfw.history.revisions import diff
from ahpfw.problems import FrameworkError, Problem
from ahpfw.reading.loader import load
from ahpfw.reading.yamlfile import read_yaml
from ahpfw.rules.validation import validate

from .conftest import MINIMAL, SHIPPED

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
#: json-schema depends only on schema/ahpfw.yaml, not on the framework, and is slow to generate.
CONTENT_FORMATS = [name for name in FORMATS if name != "json-schema"]


def read_tree(folder: Path) -> dict[str, Any]:
    """Every YAML file under ``folder`` as plain data, keyed by its relative path."""
    return {p.relative_to(folder).as_posix(): read_yaml(p)[0] for p in sorted(folder.rglob("*.yaml"))}


BASES = {"minimal": read_tree(MINIMAL), "shipped": read_tree(SHIPPED)}
ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.lists(st.text(max_size=8), max_size=3), st.dictionaries(st.text(max_size=8), st.integers(), max_size=2),
    st.sampled_from(["ahpfw:CAP-0001", "ahpfw:STAGE-0001", "ahpfw:XYZ-9", "", " ", "retired", "1.2"]),
)


def containers(node: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """Every mapping and list in a tree, with its path."""
    found = [(path, node)] if isinstance(node, (dict, list)) and node else []
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        found.extend(containers(child, path + (key,)))
    return found


def with_ids(tree: dict[str, Any]) -> list[dict]:
    return [node for data in tree.values() for _, node in containers(data)
            if isinstance(node, dict) and isinstance(node.get("id"), str)]


def edit_data(draw: Any, tree: dict[str, Any], log: list[str]) -> None:
    """Apply one structural edit to the parsed files in ``tree``."""
    kind = draw(st.sampled_from(["delete", "rename", "retype", "duplicate", "drop", "swap-ids"]))
    if kind == "swap-ids" and with_ids(tree):
        elements = with_ids(tree)
        a, b = draw(st.lists(st.sampled_from(elements), min_size=2, max_size=2))
        a["id"], b["id"] = b["id"], a["id"]
        log.append(f"swap ids {a['id']} and {b['id']}")
        return
    names = [name for name in sorted(tree) if containers(tree[name])]
    if not names:
        log.append("nothing left to edit")
        return
    name = draw(st.sampled_from(names))
    path, node = draw(st.sampled_from(containers(tree[name])))
    key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
    log.append(f"{kind} {name} {list(path) + [key]}")
    if kind == "delete" or kind == "drop":
        del node[key]
    elif kind == "rename" and isinstance(node, dict):
        node[draw(st.text(min_size=1, max_size=12))] = node.pop(key)
    elif kind == "duplicate" and isinstance(node, list):
        node.insert(key, copy.deepcopy(node[key]))
    else:
        node[key] = draw(ODD_VALUES)


#: Fields whose value is free text: any words may go there and the framework still loads.
PROSE = frozenset({"name", "statement", "description", "text", "rationale", "scope", "title", "protected_time",
                   "justification"})
AWKWARD_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Co", "Cn")), max_size=40),
    st.sampled_from(["", " ", "=SUM(A1)", "+1", "@x", "<script>alert(1)</script>", "**bold** _x_ [a](b) `c`",
                     "a|b\nc", "é 漢 \U0001F600", "word " * 700, "ahpfw:CAP-0001", "retired", "1.2"]),
)


def edit_loadably(draw: Any, tree: dict[str, Any], log: list[str]) -> None:
    """One edit that keeps the framework loadable (the schema still holds; rules may complain): new text in
    a free-text field, two elements of one kind swapping ids, an element retired, dropped or repeated."""
    kind = draw(st.sampled_from(["text", "text", "swap-ids", "retire", "drop", "duplicate"]))
    elements = [e for e in with_ids(tree) if not e["id"].startswith("ahpfw:FW-")]
    if kind == "text":
        fields = [(node, key) for name in sorted(tree) for _, node in containers(tree[name])
                  if isinstance(node, dict) for key, value in node.items() if key in PROSE and isinstance(value, str)]
        node, key = draw(st.sampled_from(fields))
        node[key] = draw(AWKWARD_TEXT)
        log.append(f"text of {node.get('id', '?')} {key}: {node[key][:40]!r}")
    elif kind == "swap-ids":
        a = draw(st.sampled_from(elements))
        b = draw(st.sampled_from([e for e in elements if e["id"].rsplit("-", 1)[0] == a["id"].rsplit("-", 1)[0]]))
        a["id"], b["id"] = b["id"], a["id"]
        log.append(f"swap ids {a['id']} and {b['id']}")
    elif kind == "retire":
        element = draw(st.sampled_from(elements))
        element["status"] = "retired"
        log.append(f"retire {element['id']}")
    else:
        lists = [node for name in sorted(tree) for _, node in containers(tree[name])
                 if isinstance(node, list) and all(isinstance(item, dict) for item in node)]
        items = draw(st.sampled_from(lists))
        at = draw(st.integers(0, len(items) - 1))
        log.append(f"{kind} item {at} of a list of {len(items)}")
        if kind == "drop":
            del items[at]
        else:
            items.insert(at, copy.deepcopy(items[at]))


@st.composite
def edited(draw: Any, base: str) -> tuple[dict[str, bytes], list[str]]:
    """Mostly (four in five) a framework after one to three edits that keep it loadable, otherwise damaged."""
    if draw(st.integers(0, 4)) == 0:
        return draw(damaged(base))
    tree = copy.deepcopy(BASES[base])
    log: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        edit_loadably(draw, tree, log)
    return ({name: yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode() for name, data in tree.items()},
            log)


@st.composite
def damaged(draw: Any, base: str) -> tuple[dict[str, bytes], list[str]]:
    """The files of a framework after one to three random edits, and a log of the edits."""
    tree = copy.deepcopy(BASES[base])
    log: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        edit_data(draw, tree, log)
    files = {name: yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode() for name, data in tree.items()}
    if draw(st.booleans()):
        name = draw(st.sampled_from(sorted(files)))
        raw = files[name]
        cut = draw(st.integers(0, len(raw)))
        if draw(st.booleans()):
            files[name] = raw[:cut]
            log.append(f"truncate {name} at byte {cut}")
        else:
            junk = draw(st.binary(min_size=1, max_size=4))
            files[name] = raw[:cut] + junk + raw[cut:]
            log.append(f"insert {junk!r} into {name} at byte {cut}")
    return files, log


def write(files: dict[str, bytes], folder: Path) -> Path:
    for name, raw in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(raw)
    return folder


def check_survives(files: dict[str, bytes], base_fw: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write(files, Path(tmp, "framework"))
        problems = validate(folder)
        assert all(isinstance(p, Problem) and isinstance(p.location.line, int) for p in problems)
        try:
            fw = load(folder)
        except FrameworkError as exc:
            assert exc.problems, "a FrameworkError must say what is wrong"
            return
        json.dumps(diff(base_fw, fw).to_data())
        assert diff(fw, fw).identical


@cache
def base_framework(name: str) -> Any:
    return load(MINIMAL if name == "minimal" else SHIPPED)


def test_rewritten_bases_load_unchanged_and_diff_with_themselves_is_empty():
    for name in BASES:
        with tempfile.TemporaryDirectory() as tmp:
            folder = write({k: yaml.safe_dump(v, sort_keys=False, allow_unicode=True).encode()
                            for k, v in BASES[name].items()}, Path(tmp, "framework"))
            fw = load(folder)
            assert diff(base_framework(name), fw).identical, name
            assert diff(fw, fw).identical, name


@settings(FUZZ, max_examples=40)
@given(damaged("minimal"))
def test_damaged_minimal_framework_never_crashes(case):
    files, log = case
    check_survives(files, base_framework("minimal"))


@settings(FUZZ, max_examples=15)
@given(damaged("shipped"))
def test_damaged_shipped_framework_never_crashes(case):
    files, log = case
    check_survives(files, base_framework("shipped"))


EXPORTER_EXAMPLES = 15


def test_every_exporter_copes_with_whatever_loads():
    """Every exporter writes its files for frameworks edited in ways that still load; most examples must
    reach the exporters (a strategy of random damage alone reached them in 3 of 15)."""
    reached: list[list[str]] = []

    @settings(FUZZ, max_examples=EXPORTER_EXAMPLES)
    @given(edited("minimal"))
    def export_everything(case):
        files, log = case
        with tempfile.TemporaryDirectory() as tmp:
            try:
                fw = load(write(files, Path(tmp, "framework")))
            except FrameworkError:
                return
            for fmt in CONTENT_FORMATS:
                written = export(fw, fmt, Path(tmp, "out", fmt))
                assert all(path.is_file() for path in written), (fmt, log)
            reached.append(log)

    export_everything()
    assert len(reached) >= EXPORTER_EXAMPLES * 2 // 3, f"only {len(reached)} of {EXPORTER_EXAMPLES} loaded"
