"""What works on a plain ``pip install ahpfw``: each export format and public function that needs an optional
library says so, and without it raises an ``ahpfw.Error`` naming the extra before writing anything (never a
bare ModuleNotFoundError); the command line and the API agree. Libraries are hidden as a missing install
would be (``sys.modules[name] = None``) in a fresh Python process."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from ahpfw.exporters import FORMATS, exporter
from ahpfw.extras import OPTIONAL_MODULES

from .conftest import REPO


def _python(code: str, hide: list[str], cwd=None) -> subprocess.CompletedProcess[str]:
    prelude = f"import sys\nfor _name in {hide!r}:\n    sys.modules[_name] = None\n"
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=600, cwd=cwd)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_format_works_with_only_what_it_declares_and_names_each_missing_one(fmt, tmp_path):
    needs = exporter(fmt).NEEDS
    assert set(needs) <= set(OPTIONAL_MODULES), needs
    others = [name for name in OPTIONAL_MODULES if name not in needs]
    result = _python(f"""
        import json, tempfile
        from pathlib import Path
        import ahpfw
        from ahpfw.extras import MissingDependency

        fw = ahpfw.load({str(REPO / "framework")!r})
        refused = {{}}
        for name in {list(needs)!r}:  # each library it needs, missing alone
            kept, sys.modules[name] = sys.modules.get(name), None
            out = Path(tempfile.mkdtemp())
            try:
                ahpfw.export(fw, {fmt!r}, out)
            except ahpfw.Error as error:
                refused[name] = [type(error).__name__, error.name, str(error), sorted(map(str, out.iterdir()))]
            if kept is None:
                del sys.modules[name]
            else:
                sys.modules[name] = kept
        written = ahpfw.export(fw, {fmt!r}, {str(tmp_path)!r})
        print(json.dumps({{"refused": refused, "written": len(written)}}))
    """, others)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["written"] > 0
    for name in needs:
        kind, module, message, files = outcome["refused"][name]
        assert (kind, module, files) == ("MissingDependency", name, [])
        assert f"the {fmt} export needs {name}" in message and "pip install 'ahpfw[export]'" in message


def _cli(args: list[str], hide: list[str], cwd) -> subprocess.CompletedProcess[str]:
    return _python(f"sys.argv = ['ahpfw', *{args!r}]\nfrom ahpfw.cli import run\nrun()\n", hide, cwd=cwd)


def test_the_command_line_asks_for_what_the_format_needs_and_no_more(tmp_path):
    linkml = ["linkml", "linkml_runtime"]  # only `ahpfw schema` needs LinkML: the RDF export reads schema/derived/
    result = _cli(["export", "rdf", str(REPO / "framework"), "--out", "out"], linkml, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "rdf" / "shapes.ttl").read_text() == (REPO / "exports/rdf/shapes.ttl").read_text()
    jinja = ["jinja2", "markupsafe"]
    refused = _cli(["export", "site", str(REPO / "framework"), "--out", "site-out"], jinja, tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: the site export needs jinja2") and len(refused.stderr.splitlines()) == 1
    assert "pip install 'ahpfw[export]'" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "site-out").exists()


CALLS = {
    "ruamel.yaml": "from ahpfw.editing.scaffold import new_capability\n"
                   "new_capability(copy, '1', 'Uses simulation to rehearse difficult conversations.')",
    "jinja2": "from ahpfw.site import render_site\nrender_site(ahpfw.load(copy))",
    "markupsafe": "from ahpfw.site import write_site\nwrite_site(ahpfw.load(copy), scratch / 'site')",
}


@pytest.mark.parametrize("module, call", CALLS.items(), ids=list(CALLS))
def test_public_functions_name_the_extra_they_need(module, call, tmp_path):
    import shutil

    shutil.copytree(REPO / "framework", tmp_path / "framework")
    before = sorted(p.read_bytes() for p in (tmp_path / "framework").rglob("*.yaml"))
    top = module.split(".")[0]
    result = _python(f"""
        from pathlib import Path
        import ahpfw
        scratch = Path({str(tmp_path)!r})
        copy = scratch / "framework"
        try:
{textwrap.indent(call, " " * 12)}
        except ahpfw.Error as error:
            print(type(error).__name__, error.name, "|", error)
    """, [top])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"MissingDependency {top} |"), result.stdout
    assert f"needs {module}" in result.stdout and "pip install 'ahpfw[export]'" in result.stdout
    assert sorted(p.read_bytes() for p in (tmp_path / "framework").rglob("*.yaml")) == before
    assert not (tmp_path / "site").exists()
