"""AHP001 syntax errors point at the line the author must fix and say in plain words what is wrong.

Each case is checked with PyYAML's C parser and its Python parser, whose own
wording differs, so the tests pin the project's words and places, not a parser's.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ahpfw.reading import yamlfile
from ahpfw.rules.validation import validate

from .conftest import SHIPPED, run_cli

LOADERS = [getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader]

#: (name, text, "line:col" to fix, words of the explanation)
CASES = [
    ("dedented folded text", "a:\n  text: >-\n    one two\n  three four\n    five\n  next: x\n",
     "4:3", "indented less than the text above it (line 3)"),
    ("dedented plain text", "a:\n  text: one two\n three four\n  next: x\n", "3:2", "no ': ' after its name"),
    ("text not under its key", "a:\n  text: >-\n  one two\n  next: x\n", "3:3", "not indented further than 'text'"),
    ("key indented too far", "a:\n  name: x\n    statement: y\n", "3:5", "indented further than line 2"),
    ("key indented too little", "a:\n  b:\n    name: x\n   statement: y\n", "4:4", "indented 3 spaces"),
    ("list item out of line", "a:\n  items:\n    - x\n   - y\n", "4:4", "unlike the other items of its list (line 3"),
    ("list item after a value", "sources: none\n- x\n", "2:1", "cannot follow 'sources' on line 1"),
    ("key after list items", "a:\n  - x\n  name: y\n", "3:3", "cannot follow the list item on line 2"),
    ("colon in plain text", "a:\n  name: Teaching: an intro\n", "2:17", "contains ': '"),
    ("no space after colon", "a:\n  name:x\n  code: y\n", "2:7", "no space after the ':' of 'name'"),
    ("missing colon", "a:\n  id: x\n  name Teaching\n  code: y\n", "3:3", "no ': ' after its name"),
    ("unclosed double quote", 'a:\n  name: "Teaching\n  code: x\n', "2:9", '" opened here is never closed'),
    ("quote closed lines later", 'a:\n  name: "Teaching\n  code: "x"\n  other: y\n', "2:9", "runs on to line 3"),
    ("unclosed single quote", "a:\n  name: 'Teaching\n  code: x\n", "2:9", "' opened here is never closed"),
    ("unclosed bracket", "a:\n  sources: [x, y\n  code: x\n", "2:12", "'[' opened here is never closed"),
    ("unclosed brace", "a:\n  m: {x: 1\n", "2:6", "'{' opened here is never closed"),
    ("stray bracket", "a:\n  sources: [x, y]]\n", "2:18", "closes no list"),
    ("text after a quote", 'a:\n  name: "Teaching" more\n', "2:20", "after the quoted text"),
    ("tab", "a:\n  name: x\n\tcode: y\n", "3:1", "use spaces, not tabs"),
    ("reserved character", "a:\n  name: @x\n", "2:9", "cannot start with '@'"),
    ("text after a block indicator", "a:\n  text: >- x\n    y\n", "2:12", "follows '|' or '>'"),
    ("bad escape", 'a:\n  name: "a \\q b"\n', "2:12", "'\\q' is not an escape"),
]


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def parser(request, monkeypatch):
    monkeypatch.setattr(yamlfile, "_Loader", request.param)


@pytest.mark.parametrize(("text", "where", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_syntax_error_is_explained_where_the_author_must_fix_it(parser, tmp_path, text, where, words):
    path = tmp_path / "file.yaml"
    path.write_text(text)
    with pytest.raises(yamlfile.YamlError) as caught:
        yamlfile.read_yaml(path)
    problem = caught.value.problem
    assert problem.code == "AHP001"
    assert f"{problem.location.line}:{problem.location.col}" == where, problem
    assert words in problem.message, problem
    assert problem.hint, problem


def test_dedented_descriptor_in_the_shipped_framework_is_reported_at_its_line(tmp_path):
    """Issue 13: dedenting line 36 (the second line of a descriptor) was reported at 38:18."""
    folder = shutil.copytree(SHIPPED, tmp_path / "framework")
    domain = folder / "domains" / "01-facilitating-learning.yaml"
    lines = domain.read_text(encoding="utf-8").splitlines(keepends=True)
    second = next(i for i in range(2, len(lines)) if lines[i - 2].rstrip().endswith("text: >-")
                  and lines[i].startswith(" " * 14) and not lines[i].lstrip().startswith("-"))
    lines[second] = lines[second].lstrip()
    domain.write_text("".join(lines), encoding="utf-8")
    result = run_cli("validate", "-v", str(folder))
    assert result.returncode == 1
    assert f"01-facilitating-learning.yaml:{second + 1}:1: AHP001 YAML syntax error: this line is indented less" \
        in result.stdout, result.stdout
    assert f"hint: indent line {second + 1} like line {second}" in result.stdout


def _damage(text: str, line: int, edit: str) -> str:
    lines = text.splitlines(keepends=True)
    i = line % len(lines)
    if edit == "dedent":
        lines[i] = lines[i][min(2, len(lines[i]) - len(lines[i].lstrip(" "))):]
    elif edit == "indent":
        lines[i] = "   " + lines[i]
    elif edit == "drop colon":
        lines[i] = lines[i].replace(": ", " ", 1)
    else:
        lines[i] = lines[i].rstrip("\n") + edit + "\n"
    return "".join(lines)


@settings(deadline=None, max_examples=60, derandomize=True)
@given(st.integers(min_value=0, max_value=10_000),
       st.sampled_from(["dedent", "indent", "drop colon", ' "', " [", "]", ": x", "\t"]))
def test_damaged_lines_are_always_explained_at_a_real_place(line, edit):
    text = (SHIPPED / "domains" / "01-facilitating-learning.yaml").read_text(encoding="utf-8")
    damaged = _damage(text, line, edit)
    with tempfile.TemporaryDirectory() as folder:  # Hypothesis cannot reuse a function-scoped tmp_path
        path = Path(folder) / "file.yaml"
        path.write_text(damaged, encoding="utf-8")
        try:
            yamlfile.read_yaml(path)
        except yamlfile.YamlError as exc:
            problem = exc.problem
            assert problem.code in ("AHP001", "AHP002", "AHP003", "AHP005")
            assert 1 <= problem.location.line <= len(damaged.splitlines()) + 1, problem
            assert problem.hint or problem.code != "AHP001", problem


def test_a_valid_shipped_framework_has_no_syntax_problem():
    assert not [p for p in validate(SHIPPED) if p.code == "AHP001"]
