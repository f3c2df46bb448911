"""A change set as JSON: the stable structure documented in ``docs/diff.md``."""

from __future__ import annotations

import json

from ..history.changes import ChangeSet


def format_changes(cs: ChangeSet, **_: object) -> str:
    """``ChangeSet.to_data()`` as indented JSON."""
    return json.dumps(cs.to_data(), indent=2, ensure_ascii=False)
