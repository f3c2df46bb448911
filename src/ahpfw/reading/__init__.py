"""Reading a project's files: YAML with every value's line and column, the reading cache, spreadsheets.

- :mod:`.yamlfile` parses YAML keeping where each value was written; :mod:`.yamlsyntax`
  explains a YAML syntax error in words an author can act on.
- :mod:`.readcache` keeps what was read of each file, so an unchanged file is not parsed again.
- :mod:`.loader` turns a framework folder into the model (:func:`ahpfw.load`), checking it
  against the schema.
- :mod:`.workbooks` reads XLSX and CSV defensively, for ``ahpfw apply`` and consultation responses.
"""
