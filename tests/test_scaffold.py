"""``ahpfw new capability``: the next free id and code, empty descriptors that validate flags, comments kept."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ahpfw.editing.releases import make_release
from ahpfw.editing.scaffold import name_from
from ahpfw.reading.loader import load

from .conftest import REPO, run_cli

STATEMENT = ("Helps learners and colleagues to look after their own wellbeing, recognising when someone needs "
             "more support and adapting supervision to what each person needs.")


def _comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#") or " #" in line]


def _inserted(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``, checking that it adds one block and changes nothing else."""
    old, new = before.splitlines(), after.splitlines()
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    end = len(new) - (len(old) - start)
    assert new[:start] == old[:start] and new[end:] == old[start:], "the edit changed existing lines"
    return new[start:end]


def _problems(folder: Path) -> list[str]:
    result = run_cli("validate", str(folder))
    return result.stdout.splitlines()


def test_new_capability_leaves_only_its_descriptors_to_write(shipped):
    shutil.copytree(REPO / "releases", shipped.parent / "releases")
    fw = load(shipped)
    domain = fw.domains[1]
    file = Path(domain.location.path)
    before = file.read_text(encoding="utf-8")
    assert _problems(shipped) == []

    result = run_cli("new", "capability", str(shipped), "--domain", domain.id, "--statement", STATEMENT)
    assert result.returncode == 0, result.stderr

    after = file.read_text(encoding="utf-8")
    assert _comments(after) == _comments(before)
    added = _inserted(before, after)
    highest = max(int(i.rsplit("-", 1)[1]) for i in fw.elements if i.startswith("ahpfw:CAP-"))
    new_id = f"ahpfw:CAP-{highest + 1:04d}"
    codes = [int(c.code.split(".")[1]) for c in domain.capabilities]
    new_code = f"{domain.code}.{max(codes) + 1}"
    assert added[0].strip() == f"- id: {new_id}"
    assert f'code: "{new_code}"' in added[1]
    assert result.stdout.strip().endswith(f"added capability {new_id} ({new_code}) "
                                          "Helps learners and colleagues to look after their own wellbeing")
    assert result.stdout.startswith(f"{file}:{before.count(chr(10)) + 1}:1: ")

    problems = _problems(shipped)
    stages = [s.id for s in fw.stages_in_order]
    assert len(problems) == len(stages)
    for problem, stage in zip(problems, stages, strict=True):
        assert re.search(rf": AHP017 capability {new_id} \({stage}\): 'text' is empty$", problem), problem

    cap = load(shipped).capabilities[new_id]
    assert cap.statement == STATEMENT and cap.domain == domain.id
    assert cap.name == "Helps learners and colleagues to look after their own wellbeing"
    assert all(line == "" or len(line) <= 80 for line in added)


MULTI = '''\
# Two domains in one file, with comments between them.
domains:
  - id: ahpfw:DOM-0001
    code: "1"
    name: Facilitating learning
    description: Helping others learn.
    sources: [ahpfw:SRC-0001]
    capabilities:
      - id: ahpfw:CAP-0001
        code: "1.1"
        name: Planning learning
        statement: Plans learning that meets each learner's needs.
        meets_needs: [ahpfw:NEED-0001]
        addresses_barriers: [ahpfw:BAR-0001]
        descriptors:
          - stage: ahpfw:STAGE-0001
            text: Plans learning for one learner.
          - stage: ahpfw:STAGE-0002
            text: Plans learning for a whole service.  # the widest scope
      - id: ahpfw:CAP-0002
        code: "1.2"
        name: Giving feedback
        statement: Gives feedback that helps learners improve.
        supports_priorities: [ahpfw:PRI-0001]
        descriptors:
          - stage: ahpfw:STAGE-0001
            text: Gives timely feedback to a learner.
          - stage: ahpfw:STAGE-0002
            text: Develops how a team gives feedback.
        sources: [ahpfw:SRC-0001]  # cited
        # end of domain 1

  # Domain 2: leading. It has no capabilities yet.
  - id: ahpfw:DOM-0002
    code: "2"
    name: Leading
    description: Leading others.
    sources: [ahpfw:SRC-0001]
    capabilities: []
# The end of the file.
'''


@pytest.mark.parametrize("domain, code", [("1", "1.3"), ("ahpfw:DOM-0002", "2.1")])
def test_comments_stay_where_they_were(minimal, domain, code):
    file = minimal / "domains.yaml"
    file.write_text(MULTI, encoding="utf-8")
    result = run_cli("new", "capability", str(minimal), "--domain", domain, "--statement", "Leads change.",
                     "--name", "Leading change")
    assert result.returncode == 0, result.stderr
    after = file.read_text(encoding="utf-8")
    assert _comments(after) == _comments(MULTI)
    if domain == "1":
        added = _inserted(MULTI, after)
        assert after.index("# end of domain 1") > after.index("id: ahpfw:CAP-0003")
    else:
        lines = after.splitlines()
        added = lines[len(lines) - lines[::-1].index("    capabilities:"):-1]
        assert after.endswith('text: ""\n# The end of the file.\n')
    assert added[:4] == ["      - id: ahpfw:CAP-0003", f'        code: "{code}"', "        name: Leading change",
                         "        statement: Leads change."]
    assert all("AHP017" in p and "'text' is empty" in p for p in _problems(minimal))
    assert len(_problems(minimal)) == 2


def test_ids_from_releases_and_retired_elements_are_never_reused(minimal):
    file = minimal / "domains.yaml"
    manifest = minimal / "framework.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("status: draft", "status: consultation"),
                        encoding="utf-8")
    original = file.read_text(encoding="utf-8")
    extra = original + '''      - id: ahpfw:CAP-0009
        code: "1.3"
        name: Soon gone
        statement: Will be removed after the release.
        descriptors:
          - stage: ahpfw:STAGE-0001
            text: One.
          - stage: ahpfw:STAGE-0002
            text: Two.
'''
    file.write_text(extra, encoding="utf-8")
    make_release("1.0.0", minimal)
    file.write_text(original, encoding="utf-8")  # CAP-0009 now only in the release
    result = run_cli("new", "capability", str(minimal), "--domain", "1", "--statement", "Teaches well.")
    assert result.returncode == 0, result.stderr
    assert "ahpfw:CAP-0010 (1.3)" in result.stdout


def test_bad_requests_are_one_line_errors(minimal):
    before = (minimal / "domains.yaml").read_text(encoding="utf-8")
    unknown = run_cli("new", "capability", str(minimal), "--domain", "9", "--statement", "x")
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == "error: no domain '9'; the domains are: ahpfw:DOM-0001 (1)"
    empty = run_cli("new", "capability", str(minimal), "--domain", "1", "--statement", "  ")
    assert empty.returncode == 2 and empty.stderr.startswith("error: --statement is empty")
    missing = run_cli("new", "capability", str(minimal), "--statement", "x")
    assert missing.returncode == 2 and "--domain" in missing.stderr
    assert (minimal / "domains.yaml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("statement, name", [
    ("Teaches well.", "Teaches well"),
    ("Plans learning, then reviews it.", "Plans learning"),
    ("Supports the learning and development of other educators across a whole system and all the regions in it",
     "Supports the learning and development of other educators"),
])
def test_name_from_statement(statement, name):
    assert name_from(statement) == name
