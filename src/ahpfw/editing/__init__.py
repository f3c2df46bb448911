"""Writing an author's YAML back, keeping every comment and the layout, under the project lock.

- :mod:`.scaffold` is the one YAML editor (``ahpfw new`` and every other writer use its ``Editor``).
- :mod:`.edits` applies a set of changes to the framework's files, all or nothing.
- :mod:`.workbook_edits` reads the edits an author made in the exported spreadsheet (``ahpfw apply``).
- :mod:`.releases` makes a release (snapshot, index entry, notes) and records errata.
"""
