"""The framework's files are not laid out as expected.

What: a file's top level is not a mapping; ``include`` in framework.yaml names a
file that does not exist, matches nothing or points outside the framework
folder; or two files both set the same metadata field.

Why: the loader joins the files listed under ``include`` into one framework;
it cannot guess what a misplaced file means.

Example::

    # framework/domains/01-teaching.yaml
    - id: ahpfw:DOM-0001     # a bare list: which collection is this?

Fix: start the file with the collection name (``domains:``) and indent the list
under it; list each file in ``include``; set each metadata field once, in framework.yaml.
"""

from ._loader_rule import check  # noqa: F401

CODE = "AHP004"
NAME = "file-layout"
SUMMARY = "A file is not a mapping, an include is wrong, or metadata is set twice."
