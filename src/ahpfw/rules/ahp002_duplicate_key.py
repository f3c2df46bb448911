"""The same key is written twice in one mapping.

What: a mapping repeats a key, for example two ``statement:`` lines in one capability.

Why: YAML parsers silently keep only the last value, so text an author wrote
would be lost without warning.

Example::

    - id: ahpfw:CAP-0001
      statement: Plans learning.
      statement: Plans and evaluates learning.

Fix: keep one of the two keys; merge their text if both matter.
"""

from ._loader_rule import check  # noqa: F401

CODE = "AHP002"
NAME = "duplicate-key"
SUMMARY = "A key appears twice in the same mapping."
