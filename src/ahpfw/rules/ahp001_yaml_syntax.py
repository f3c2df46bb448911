"""A framework file cannot be read as YAML text.

What: the file is missing, unreadable, empty, binary, not UTF-8, or not
well-formed YAML (an unclosed quote, a tab used for indentation, a bad indent);
or it holds a control character, a Unicode line separator or an invisible
bidirectional control (typed, or written as an escape in double quotes), or a
number too long to read.

Why: nothing else can be checked until every file can be read.

Example::

    - id: ahpfw:CAP-0001
    <TAB>name: Teaching      # a tab (shown as <TAB>) before 'name'

The place given is the line to fix, which may be lines before the place where
the parser gave up (a dedented line of a folded text, a quote or bracket left
open); the message says in plain words what is wrong, and ``-v`` adds a hint
saying what to do.

Fix: open the file at the line and column given, correct the YAML (indent with
spaces, close quotes and brackets, quote text that holds ': '), and save it as UTF-8.
"""

from ._loader_rule import check  # noqa: F401

CODE = "AHP001"
NAME = "yaml-syntax"
SUMMARY = "A file cannot be read as UTF-8 YAML (syntax error, tab, empty, binary, missing)."
