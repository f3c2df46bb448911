""".pre-commit-hooks.yaml: the hooks other repositories run are well formed and their commands work."""

from __future__ import annotations

import shlex

import yaml

from ahpfw.cli import COMMANDS

from .conftest import REPO, run_cli


def test_hooks_run_ahpfw_validate_on_the_framework_folder(shipped):
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["ahpfw-validate", "ahpfw-validate-strict"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert hook["files"] == "^framework/"
        program, command, *options = shlex.split(hook["entry"])
        assert program == "ahpfw" and command in COMMANDS
        # pre-commit runs the entry from the repository's top folder, which holds framework/
        result = run_cli(command, *options, cwd=shipped.parent)
        assert result.returncode == 0, result.stdout + result.stderr
    (shipped / "roles.yaml").write_text("roles: [}\n", encoding="utf-8")
    for hook in hooks:
        program, command, *options = shlex.split(hook["entry"])
        broken = run_cli(command, *options, cwd=shipped.parent)
        assert broken.returncode == 1 and "roles.yaml:1:" in broken.stdout and "AHP001" in broken.stdout
