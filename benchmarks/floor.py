"""The parse floor: read every YAML file of a framework folder with PyYAML's C loader, nothing else.

    python benchmarks/floor.py FOLDER [FOLDER...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml


def parse_all(folder: Path) -> int:
    """Parse every .yaml file under ``folder``; return how many."""
    files = sorted(folder.rglob("*.yaml"))
    for file in files:
        yaml.load(file.read_bytes(), Loader=yaml.CSafeLoader)
    return len(files)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        parse_all(Path(arg))
