"""Load a framework folder into the typed model, with a location for everything.

``framework.yaml`` holds the metadata and an ``include`` list of the other
files (glob patterns, relative to the folder, read in order). Each included file
is a mapping of collection names (``domains``, ``principles``...) to lists; lists
from several files are joined in include order. The joined document is checked
against the JSON Schema generated from the LinkML schema, then turned into
:mod:`ahpfw.model` objects.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import model, patterns
from ..paths import json_schema_path, resolve_framework_dir, schema_info
from ..problems import Check, FrameworkError, Location, Problem, brief
from ..speed.gcpause import gc_paused
from .readcache import ReadCache
from .yamlfile import Positions, YamlError

if TYPE_CHECKING:
    from ..schema.info import SchemaInfo

MANIFEST = "framework.yaml"


@dataclass
class RawFramework:
    """The framework's files joined into one plain document, with positions."""

    root: Path
    data: dict[str, Any]
    positions: Positions
    files: list[Path]
    manifest: Path
    #: per file as read: whether what it adds fits the schema, leaving out the fields only the whole
    #: needs (None: not known); see :func:`schema_problems`. Clear it after changing ``data``.
    fits: list[bool | None] = field(default_factory=list)

    @property
    def schema(self) -> SchemaInfo:
        """What the schema describing this framework says (:func:`ahpfw.paths.schema_info`)."""
        return schema_info(self.root)

    def location(self, path: tuple[Any, ...]) -> Location:
        """Best location for a JSON path into ``data`` (the deepest part that was written)."""
        node: Any = self.data
        best = self.positions.of(node) or Location(str(self.manifest), 1, 1)
        for part in path:
            loc = self.positions.of(node, part)
            if loc is not None:
                best = loc
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                break
        return best


# ---------------------------------------------------------------------------
# Reading and joining files


def _include_error(loc: Location, pattern: str, message: str) -> FrameworkError:
    return FrameworkError([Problem(loc, "AHP004", f"include {brief(pattern)} {message}")])


def _include_files(root: Path, manifest: Path, include: Any, positions: Positions) -> Iterator[Path]:
    where = positions.of(include) or Location(str(manifest), 1, 1)
    if not isinstance(include, list) or not all(isinstance(i, str) for i in include):
        raise FrameworkError([Problem(where, "AHP004", "'include' must be a list of file names or patterns")])
    seen: set[Path] = {manifest.resolve()}
    real_root = root.resolve()
    for i, pattern in enumerate(include):
        loc = positions.of(include, i) or where
        bad = functools.partial(_include_error, loc, pattern)
        if not pattern.strip():
            raise bad("is empty; give a file name or pattern")
        if Path(pattern).is_absolute() or ".." in Path(pattern).parts:
            raise bad("must stay inside the framework folder")
        is_glob = any(ch in pattern for ch in "*?[")
        try:
            matches = sorted(root.glob(pattern)) if is_glob else [root / pattern]
        except (ValueError, NotImplementedError) as exc:
            raise bad(f"is not a valid pattern ({exc})") from None
        files = []
        for match in matches:
            try:
                real = match.resolve(strict=True)
            except FileNotFoundError:
                if match.is_symlink():
                    raise bad(f"leads to {match.name}, a symbolic link to nothing") from None
                raise bad("matches no file") from None
            except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
                raise bad(f"leads to {match.name}, a symbolic link loop or unreadable path") from None
            try:
                real.relative_to(real_root)
            except ValueError:
                raise bad(f"leads to {match.name}, outside the framework folder") from None
            if real.is_dir():
                if is_glob:
                    continue  # a pattern may match folders too; only files are read
                raise bad("is a folder; name the files in it, e.g. 'folder/*.yaml'")
            files.append((match, real))
        if not files:
            raise bad("matches no file")
        for match, real in files:
            if real in seen:
                continue
            seen.add(real)
            yield match


def read_framework(path: str | Path | None = None) -> RawFramework:
    """Read and join a framework's files. Raises :class:`FrameworkError` on unreadable input."""
    root = resolve_framework_dir(path)
    manifest = root / MANIFEST
    reader = _reader(root)
    fits: list[bool | None] = []
    data, positions = _read_mapping(reader, manifest, fits)
    include = data.pop("include", [])
    files = [manifest]
    list_slots = _list_slots()
    owner: dict[str, Path] = {key: manifest for key in data}
    for file in _include_files(root, manifest, include, positions):
        part, part_positions = _read_mapping(reader, file, fits)
        positions.merge(part_positions)
        files.append(file)
        for key, value in part.items():
            if key in list_slots and isinstance(value, list) and isinstance(data.get(key, []), list):
                if key in data:
                    joined = data[key] + value
                    positions.add(joined, positions.of(data[key]) or positions.of(part, key),
                                  {i: positions.of(item) or positions.of(part, key)
                                   for i, item in enumerate(joined)})
                    data[key] = joined
                else:
                    data[key] = value
                    positions.add(data, positions.of(data) or Location(str(manifest), 1, 1),
                                  {**_children(positions, data), key: positions.of(part, key)})
                owner.setdefault(key, file)
                continue
            if key in data:
                raise FrameworkError([Problem(
                    positions.of(part, key) or Location(str(file), 1, 1), "AHP004",
                    f"'{key}' is already given in {owner[key].name}; give it in one file only")])
            data[key] = value
            owner[key] = file
            positions.add(data, positions.of(data) or Location(str(manifest), 1, 1),
                          {**_children(positions, data), key: positions.of(part, key)})
    return RawFramework(root, data, positions, files, manifest, fits)


def _reader(root: Path) -> ReadCache:
    from ..schema import code as schemacode

    schema = json_schema_path(root)
    code = Path(schemacode.__file__)
    return ReadCache(root, functools.partial(_part_fits, str(schema)),
                     depends=(schema, Path(__file__), code, code.with_name(f"{schemacode.MODULE}.py")))


def _children(positions: Positions, container: Any) -> dict[Any, Location]:
    entry = positions.entry(container)
    return dict(entry[1]) if entry else {}


def _read_mapping(reader: ReadCache, file: Path, fits: list[bool | None]) -> tuple[dict[str, Any], Positions]:
    try:
        data, positions, fit = reader.read(file)
    except YamlError as exc:
        raise FrameworkError([exc.problem]) from None
    fits.append(fit)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise FrameworkError([Problem(Location(str(file), 1, 1), "AHP004",
                                      f"the top level is {kind}; it must be a mapping such as 'domains: [...]'")])
    return data, positions


# ---------------------------------------------------------------------------
# Schema conformance (from the JSON Schema generated from the LinkML schema)


@cache
def _schema(path: str) -> dict[str, Any]:
    from ..schema.code import schema_bytes

    text = schema_bytes(path)
    if text is None:
        raise FileNotFoundError(f"cannot read the JSON Schema {path}")
    return json.loads(text)


@cache
def _validator(path: str, definition: str | None = None) -> Any:
    import jsonschema

    schema = _schema(path)
    if definition is not None:  # one class of the schema, e.g. Consultation, instead of the tree root
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": f"#/$defs/{definition}"}
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


#: Documents with at least this many capabilities are checked by code compiled at run time when the
#: schema is not the one the shipped check (:mod:`ahpfw.schema.code`) was generated from: compiling it
#: costs more than jsonschema needs for a small document.
FAST_CHECK_FROM = 2000


def _size(data: Any) -> int:
    domains = data.get("domains") if isinstance(data, dict) else None
    if not isinstance(domains, list):
        return 0
    return sum(len(d["capabilities"]) for d in domains
               if isinstance(d, dict) and isinstance(d.get("capabilities"), list))


def _fast_check(path: str, definition: str | None, data: Any) -> Any:
    """The compiled check to try first: the shipped one, or one compiled now for a big document; or None."""
    from ..schema import code as schemacode

    check = schemacode.shipped_check(path, definition)
    if check is None and _size(data) >= FAST_CHECK_FROM:
        check = schemacode.runtime_check(path, definition)
    return check


def _list_slots() -> frozenset[str]:
    return frozenset(model.COLLECTIONS)


def schema_problems(raw: RawFramework, schema_path: Path | None = None,
                    definition: str | None = None) -> list[Problem]:
    """Check the joined document against the JSON Schema; one Problem per error, located.

    ``definition`` names a class of the schema to check against instead of the
    Framework tree root (for example ``Consultation``).
    """
    from ..schema import code as schemacode

    path = str(schema_path or json_schema_path(raw.root))
    if definition is None and raw.fits and all(raw.fits) and _joins_cleanly(path, raw.data):
        return []  # every file's part fits, and the whole has exactly the fields it needs
    check = _fast_check(path, definition, raw.data)
    if check is not None and schemacode.passes(check, raw.data):
        return []  # valid: jsonschema is not even imported
    from jsonschema.exceptions import best_match

    validator = _validator(path, definition)
    problems = []
    for error in validator.iter_errors(raw.data):
        if error.validator in ("anyOf", "oneOf") and error.context:
            # A field that may be empty is "its kind, or null": that it is not null says nothing.
            error = best_match([e for e in error.context if not _only_not_null(e)] or error.context)
        problems.append(_describe(raw, error))
    return problems


#: Files of at least this many bytes get a check compiled at run time when the shipped one does not fit
#: the schema (see FAST_CHECK_FROM); a smaller file's part is then left unknown, and the whole is checked.
FAST_PART_FROM = 256 * 1024
#: The only keywords of the tree root, and of its collections, under which checking each file's
#: part and then the joined fields (:func:`_joins_cleanly`) is the same as checking the whole.
_SPLITTABLE_ROOT = frozenset({"$id", "$schema", "$defs", "additionalProperties", "description",
                              "metamodel_version", "properties", "required", "title", "type", "version"})
_SPLITTABLE_LIST = frozenset({"description", "items", "type"})


@cache
def _splittable(path: str) -> bool:
    schema = _schema(path)
    properties = schema.get("properties", {})
    return (schema.keys() <= _SPLITTABLE_ROOT and schema.get("type") == "object"
            and all(properties[name].keys() <= _SPLITTABLE_LIST for name in model.COLLECTIONS if name in properties))


def _part_fits(path: str, data: Any, size: int) -> bool | None:
    """Whether what one file adds to a framework (its fields but ``include``) fits the schema,
    leaving out which fields the whole must have; None when the schema cannot be checked by parts.

    Lists of elements given in several files are joined item by item, so when every
    file's part fits and the joined document has exactly the fields it must
    (:func:`_joins_cleanly`), the whole fits: :func:`schema_problems` then need not
    check it again, and the reading cache keeps this answer with each file.
    """
    if not isinstance(data, dict) or not _splittable(path):
        return None
    from ..schema import code as schemacode

    check = schemacode.shipped_check(path, schemacode.PARTS)
    if check is None and size >= FAST_PART_FROM:
        check = schemacode.runtime_check(path, schemacode.PARTS)
    if check is None:
        return None
    return schemacode.passes(check, {k: v for k, v in data.items() if k != "include"})


def _joins_cleanly(path: str, data: dict[str, Any]) -> bool:
    schema = _schema(path)
    return set(schema.get("required", ())) <= data.keys() <= schema.get("properties", {}).keys()


def _element_at(data: Any, path: tuple[Any, ...]) -> str | None:
    """The id of the innermost element on ``path`` (None when that element's own id is unusable).

    The framework's own id counts only for its metadata, not for errors inside a collection.
    """
    node, found = data, None
    for depth, part in enumerate((*path, None)):
        if isinstance(node, dict) and "id" in node and (depth or len(path) <= 1):
            found = node["id"] if isinstance(node["id"], str) and _ID_LIKE.fullmatch(node["id"]) else None
        if part is None:
            break
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return found


_ID_LIKE = re.compile(r"[a-z][a-z0-9]*:[A-Z]+-[0-9]{1,6}")


def _unusual_characters(value: Any) -> str:
    """Names of the characters in ``value`` that are not plain ASCII or are spaces (look-alikes, controls)."""
    if not isinstance(value, str):
        return ""
    odd = dict.fromkeys(ch for ch in value if ch.isspace() or not ch.isascii() or not ch.isprintable())
    if not odd:
        return ""
    names = [f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}" for ch in list(odd)[:3]]
    return "; it contains " + ", ".join(names)


def _only_not_null(error: Any) -> bool:
    """Whether ``error`` only says that a value is not null (the empty branch of an optional field)."""
    return error.validator == "type" and error.validator_value in ("null", ["null"])


_TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number", "array": "a list",
               "object": "a mapping", "boolean": "true or false", "null": "empty"}


def _describe(raw: RawFramework, error: Any) -> Problem:
    path = tuple(error.absolute_path)
    element = _element_at(raw.data, path)
    where = f"{element}: " if element else ""
    field_name = next((p for p in reversed(path) if isinstance(p, str)), None)
    subject = f"'{field_name}'"
    if path and isinstance(path[-1], int):
        subject = f"item {path[-1] + 1} of '{field_name}'"
    loc = raw.location(path)
    hint = None
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        message = f"{where}required field '{missing}' is missing"
        hint = f"add '{missing}:'"
    elif kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []
        extra = extras[0] if extras else "?"
        loc = raw.location(path + (extra,))
        close = difflib.get_close_matches(extra, allowed, n=1)
        message = f"{where}unknown field {brief(extra)}" + (f"; did you mean '{close[0]}'?" if close else "")
        hint = "allowed fields: " + ", ".join(allowed)
    elif kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted if w != "null")
        message = f"{where}{subject} should be {words}, not {_TYPE_WORDS.get(_json_type(error.instance))}"
        if "string" in wanted and isinstance(error.instance, (int, float)) and field_name:
            message += _quoted(loc, field_name, error.instance, error.schema.get("pattern"))
    elif kind == "enum":
        options = [str(v) for v in error.validator_value]
        message = f"{where}{subject} is {brief(error.instance)}; use one of: {', '.join(options)}"
        close = difflib.get_close_matches(str(error.instance), options, n=1) if error.instance is not None else []
        if close:
            message += f" (did you mean '{close[0]}'?)"
    elif kind == "pattern":
        like = patterns.example(error.validator_value, error.instance if isinstance(error.instance, str) else "")
        message = (f"{where}{subject} value {brief(error.instance)} is not well-formed"
                   f"{_unusual_characters(error.instance)}" + (f"; write it like '{like}'" if like else ""))
        hint = f"the pattern is {error.validator_value}"
    else:
        text = error.message
        message = where + (text if len(text) <= 200 else text[:200] + "...")
    return Problem(loc, "AHP005", message, element_id=element, hint=hint)


def _quoted(loc: Location, field_name: str, value: float, pattern: str | None) -> str:
    """What to write instead of text YAML read as a number or true/false (``version: 0.3``): the same in
    quotes, or in the form the field's pattern asks for; nothing when no form follows from what was written."""
    written = _written(loc, field_name) or str(value).lower()
    if pattern and not re.search(pattern, written):
        if isinstance(value, bool):  # 'id: true' is no id in quotes either
            return ""
        written = patterns.example(pattern, written) or ""
    return f'; put it in quotes: {field_name}: "{written}"' if written else ""


def _written(loc: Location, field_name: str) -> str | None:
    """The value of ``field_name`` as written on the line at ``loc`` (``0.30``, not the number 0.3)."""
    if not loc.line:
        return None
    try:
        with open(loc.path, encoding="utf-8") as fh:
            line = next((text for number, text in enumerate(fh, 1) if number == loc.line), "")
    except (OSError, UnicodeDecodeError):
        return None
    found = re.search(rf"(?:^|[\s{{,]){re.escape(field_name)}\s*:\s+([^\s#,{{}}\[\]][^#,{{}}]*?)\s*(?:[,}}]|#|$)", line)
    return found.group(1) if found else None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


# ---------------------------------------------------------------------------
# Building the model


_EMPTY: dict[str, Location] = {}


def _locations(raw: RawFramework, node: dict[str, Any]) -> tuple[Location, Mapping[str, Location]]:
    """Where a node was written and where each of its keys was (shared with Positions, not copied)."""
    entry = raw.positions.entry(node)
    if entry is None:
        return Location(str(raw.manifest)), _EMPTY
    return entry


#: Fields whose items are nested model objects, built with their own locations.
_NESTED: dict[str, type] = {"evidence": model.Evidence, "related_works": model.RelatedWork}


def _value(key: str, value: Any, raw: RawFramework) -> Any:
    if isinstance(value, list):
        if key in _NESTED:
            return tuple(_build(_NESTED[key], item, raw) for item in value)
        return tuple(value)
    return value


#: What a builder is called with: the node, its location and its fields' locations, the document, and
#: the fields the caller gives itself (a capability's descriptors, a domain's capabilities).
Builder = Callable[[dict[str, Any], Location, Any, RawFramework, dict[str, Any]], Any]


@cache
def _builder(cls: type) -> Builder:
    """A function building ``cls`` from a schema-valid node, generated once per class.

    It does what ``cls(location=..., field_locations=..., **fields)`` does, keys the
    class does not have and null values left out (the default holds), lists read as
    tuples, but sets each slot directly: a frozen dataclass's ``__init__`` goes
    through ``object.__setattr__`` for every field, which costs twice as much, and a
    big framework has half a million of these objects. The code is straight lines,
    like the ``__init__`` that :mod:`dataclasses` itself generates.
    """
    names = [f.name for f in fields(cls)]
    env: dict[str, Any] = {"_new": object.__new__, "_cls": cls, "_value": _value, "_known": frozenset(names),
                           "_more": _more}
    lines = ["def build(node, own, fields_at, raw, extra):", "    o = _new(_cls)", "    get = node.get"]
    for n, f in enumerate(fields(cls)):
        env[f"_set{n}"] = getattr(cls, f.name).__set__
        if f.name in ("location", "field_locations"):
            lines.append(f"    _set{n}(o, {'own' if f.name == 'location' else 'fields_at'})")
            continue
        if f.name == "more":  # the fields the class does not have (a project's own schema may add some)
            lines.append(f"    _set{n}(o, _no_more if node.keys() <= _known else _more(node, _known, raw))")
            env["_no_more"] = model.NO_MORE
            continue
        if f.default is not MISSING:
            env[f"_default{n}"] = f.default
            default = f"_default{n}"
        elif f.default_factory is not MISSING:
            env[f"_factory{n}"] = f.default_factory
            default = f"_factory{n}()"
        else:  # required: the schema makes sure it is there (or the caller gives it in ``extra``)
            default = "None"
        lines += [f"    v = get({f.name!r})",
                  f"    _set{n}(o, {default} if v is None else v if v.__class__ is not list "
                  f"else _value({f.name!r}, v, raw))"]
    lines += ["    for key, value in extra.items():", "        _setters[key](o, value)", "    return o"]
    env["_setters"] = {name: getattr(cls, name).__set__ for name in names}
    exec("\n".join(lines), env)  # noqa: S102 - code made above from the class's own field names
    return env["build"]


def _more(node: dict[str, Any], known: frozenset[str], raw: RawFramework) -> Mapping[str, Any]:
    """The fields of ``node`` that its class does not have (:attr:`ahpfw.model.Located.more`), as values."""
    from types import MappingProxyType

    return MappingProxyType({k: _value(k, v, raw) for k, v in node.items() if k not in known and v is not None})


def _build(cls: type, node: dict[str, Any], raw: RawFramework, **extra: Any) -> Any:
    own, fields_at = _locations(raw, node)
    return _builder(cls)(node, own, fields_at, raw, extra)


def build_model(raw: RawFramework) -> model.Framework:
    """Turn a schema-valid joined document into the typed model."""
    data = raw.data
    collections: dict[str, tuple[Any, ...]] = {}
    for name, cls in model.COLLECTIONS.items():
        items = []
        for node in data.get(name) or ():
            if cls is model.Domain:
                caps = tuple(_capability(c, node["id"], raw) for c in node.get("capabilities") or ())
                items.append(_build(cls, node, raw, capabilities=caps))
            else:
                items.append(_build(cls, node, raw))
        collections[name] = tuple(items)
    known = {f.name for f in fields(model.Framework)}
    meta = {k: _value(k, v, raw) for k, v in data.items() if k not in model.COLLECTIONS and k in known}
    more = _more(data, known | model.COLLECTIONS.keys(), raw)
    own, fields_at = _locations(raw, data)
    return model.Framework(root=str(raw.root), location=own, field_locations=fields_at, more=more,
                           schema=raw.schema, **meta, **collections)


def _capability(node: dict[str, Any], domain_id: str, raw: RawFramework) -> model.Capability:
    descriptors = tuple(_build(model.LevelDescriptor, d, raw) for d in node.get("descriptors") or ())
    return _build(model.Capability, node, raw, descriptors=descriptors, domain=domain_id)


def read_checked(path: Path, definition: str) -> tuple[dict[str, Any], Any]:
    """Read a YAML file and check it against one class of the schema.

    Returns the data and a locator (``.location(json_path) -> Location``). Raises
    :class:`FrameworkError` with located problems when it is unreadable or does not fit.
    """
    from .yamlfile import YamlError, read_yaml

    try:
        data, positions = read_yaml(path)
    except YamlError as exc:
        raise FrameworkError([exc.problem]) from None
    if not isinstance(data, dict):
        raise FrameworkError([Problem(Location(str(path), 1, 1), "AHP004",
                                      f"the top level must be a mapping of {definition} fields")])
    raw = RawFramework(path.parent, data, positions, [path], path)
    problems = schema_problems(raw, definition=definition)
    if problems:
        raise FrameworkError(problems)
    return data, raw


def load_checked(path: str | Path | None = None) -> tuple[RawFramework, model.Framework]:
    """Read, schema-check and build; raise :class:`FrameworkError` on any problem so far."""
    with gc_paused():
        raw = read_framework(path)
        problems = schema_problems(raw)
        if problems:
            raise FrameworkError(problems)
        return raw, build_model(raw)


def load(path: str | Path | None = None) -> model.Framework:
    """Load a framework: the shipped one, ``./framework`` in a checkout, or the folder at ``path``.

    Raises :class:`ahpfw.FrameworkError` (with located problems) when the files
    cannot be read or do not fit the schema. Semantic rules are not run: use
    :func:`ahpfw.validate` for those.
    """
    return load_checked(path)[1]


# ---------------------------------------------------------------------------
# The problems this module raises, documented where they are raised (``ahpfw rules`` lists them with
# the rules: :func:`ahpfw.rules.all_rules`; tests/rules/AHP00n hold a failing and a passing case)


AHP004 = Check(
    "AHP004", "file-layout",
    "A file is not a mapping, an include is wrong, or metadata is set twice.",
    """\
    The framework's files are not laid out as expected.

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
""")


AHP005 = Check(
    "AHP005", "schema",
    "A field is missing, unknown, of the wrong type or badly formed (from the LinkML schema).",
    """\
    The framework does not fit the schema.

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
""")


#: every problem this module raises
READS = (AHP004, AHP005)
