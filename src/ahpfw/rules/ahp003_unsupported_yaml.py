"""The file uses a YAML feature that framework files do not allow.

What: a tag of any kind (``!!python/object``, ``!!binary``, ``!custom``, even
``!!str``), an anchor or alias (``&name`` / ``*name``), a merge key (``<<``) or
nesting deeper than 64 levels.

Why: tags can ask a loader to run code, and aliases can expand a small file
into a huge one (the "billion laughs" attack). Plain data is all a framework needs.

Example::

    statement: !!python/object/apply:os.system ["echo hi"]

Fix: write the value out as plain text, a list or a mapping.
"""

from ._loader_rule import check  # noqa: F401

CODE = "AHP003"
NAME = "unsupported-yaml"
SUMMARY = "A tag, anchor, alias, merge key or too-deep nesting is used."
