"""What the package knows of the LinkML schema, without importing LinkML at run time.

- :mod:`.derive` makes ``schema/derived/`` from ``schema/ahpfw.yaml`` with LinkML (``ahpfw schema``).
- :mod:`.info` reads what the schema says about each field (its annotations) from the derived files.
- :mod:`.code` checks data against the derived JSON Schema with plain Python code, :mod:`._check`
  (generated; do not edit).
"""
