"""The framework does not fit the schema.

What: a required field is missing, a field is unknown (often a typo), a value
has the wrong type (text where a number is expected), is not one of the allowed
values, or an identifier or code is not well-formed. The checks come from the
JSON Schema generated from the LinkML schema ``schema/ahpfw.yaml``.

Why: integrators rely on every element having the same shape; a misspelt field
name would otherwise be silently ignored.

Example::

    - id: ahpfw:CAP-0001
      name: Planning learning
      statment: Plans learning for a placement.   # unknown field 'statment'

Fix: follow the message: add the missing field, correct the spelling (the
message suggests the closest field), or use one of the allowed values (the
message lists them and suggests the closest: ``'origin' is 'quotd'; use one of:
quoted, adapted, drafted (did you mean 'quoted'?)``). A version or code that
YAML reads as a number needs quotes (``version: 0.3`` gives ``put it in quotes:
version: "0.3.0"``); a value that is not
well-formed is shown beside an example of the form it should take (``'date'
value '2024-1-5' is not well-formed; write it like '2024-01-05'``).
"""

from ._loader_rule import check  # noqa: F401

CODE = "AHP005"
NAME = "schema"
SUMMARY = "A field is missing, unknown, of the wrong type or badly formed (from the LinkML schema)."
