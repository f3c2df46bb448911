"""A framework's history: what changed between two versions, and the releases it went through.

- :mod:`.changes` compares two frameworks (:func:`~.changes.compare`, the change set behind ``ahpfw diff``).
- :mod:`.revisions` opens the versions a diff compares: a folder, a release, a snapshot, a Git revision.
- :mod:`.releaseindex` and :mod:`.errata` read ``releases/``: the index, the snapshots, the corrections.
- :mod:`.canonical` writes and reads a framework as canonical JSON (the snapshots).
- :mod:`.versions` holds the package's and the framework's version numbers.

Writing a release is editing: see :mod:`ahpfw.editing.releases`.
"""
