"""The consultation cycle: response forms, ingest of returned forms, analysis and "you said, we did".

- :mod:`.form`: the fields, sheets and columns every form shares
- :mod:`.consultation`: a consultation folder (metadata, stored responses, decisions)
- :mod:`.template`: write response forms (XLSX, CSV, Markdown)
- :mod:`.ingest`: read returned forms safely, check them cell by cell, store the good ones
- :mod:`.report`: the analysis report (Markdown, HTML with inline SVG charts, JSON)
- :mod:`.decisions`: themes and decisions, checked against the framework and the diff

See docs/consultation.md for the cycle as an author sees it.
"""
