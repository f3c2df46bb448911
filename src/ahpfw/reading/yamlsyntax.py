"""Say in plain words what is wrong with YAML the parser refused, and where the author must fix it.

A YAML parser reports where it gave up, which is often lines after the mistake: a
dedented line of a folded text is reported where the parser stopped looking for
its colon, an unclosed bracket at the end of the file. :func:`explain` reads the
parser's two marks (the *context*, where the construct it was reading began, and
the *problem*, where it gave up) together with the text, recognises the common
mistakes - bad indentation, an unclosed quote or bracket, a tab, a colon in plain
text, a missing colon or space - and returns the place to fix, what is wrong and
what to do. The parser's wording differs between PyYAML's C and Python parsers
and between versions, so only its stable words ("simple key", "flow sequence")
are used to tell mistakes apart; the text decides the rest.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ..plurals import count

#: A line's key, after any list dashes: ``  - name: value`` -> groups (prefix, key, rest).
_KEY = re.compile(r"^(\s*(?:-\s+)*)([^\s#'\"\[\]{}|>,&*!%@`-][^#]*?|\"[^\"]*\"|'[^']*'):(?:\s+(.*)|$)")
_QUOTE_OPENS = re.compile(r"^\s*(?:-\s+)*(?:[^\s#:'\"][^:#]*:\s+)?([\"'])")
_NAME = re.compile(r"[A-Za-z_][\w-]*")  # what a framework file's keys look like; text has spaces
_LOOK_BACK = 200  # lines searched backwards for an unclosed quote


class Explanation(NamedTuple):
    """Where to fix a syntax error (0-based line and column), what is wrong and what to do."""

    line: int
    col: int
    what: str
    hint: str


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _previous(lines: list[str], index: int) -> int | None:
    """The nearest line before ``index`` holding something other than blanks and comments."""
    for i in range(min(index, len(lines)) - 1, -1, -1):
        if _is_content(lines[i]):
            return i
    return None


def _key_col(line: str) -> int:
    """Column where a line's entry starts: after its indentation and any list dashes."""
    match = re.match(r"\s*(?:-\s+)*", line)
    return match.end() if match else 0


def _closing_quote(text: str, start: int, quote: str) -> int:
    """Index of the first ``quote`` from ``start`` that closes a quoted text, or -1."""
    i = start
    while i < len(text):
        ch = text[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and text.startswith("''", i):
                i += 2
                continue
            return i
        i += 1
    return -1


def _runaway_quote(lines: list[str], problem_line: int) -> Explanation | None:
    """A quote opened on an earlier line that runs on to the problem line (or to the end)."""
    for i in range(min(problem_line, len(lines) - 1), max(problem_line - _LOOK_BACK, 0) - 1, -1):
        match = _QUOTE_OPENS.match(lines[i])
        if not match:
            continue
        quote = match.group(1)
        if _closing_quote(lines[i], match.start(1) + 1, quote) >= 0:
            continue  # closed on its own line: not this one
        end = next((k for k in range(i + 1, min(problem_line, len(lines) - 1) + 1)
                    if _closing_quote(lines[k], 0, quote) >= 0), None)
        if end is not None and end < problem_line:
            return None  # a quoted text over several lines, closed before the problem
        last = end if end is not None else problem_line
        runs = f"on to line {last + 1}" if last < len(lines) else "to the end of the file"
        return Explanation(i, match.start(1), f"the {quote} opened here is not closed on this line, "
                           f"so the text runs {runs}",
                           f"add the closing {quote} at the end of the text on line {i + 1}")
    return None


def _dedented(lines: list[str], line: int) -> Explanation | None:
    """``line`` is indented less than the text above it, which it was meant to continue."""
    before = _previous(lines, line)
    if before is None:
        return None
    above, here = lines[before], lines[line]
    key = _KEY.match(above)
    if key is not None and (key.group(3) or "").strip()[:1] in ("", "|", ">") and _KEY.match(here) is None \
            and _indent(here) <= _key_col(above):
        name = key.group(2)
        return Explanation(line, _indent(here), f"this line is not indented further than '{name}' on line "
                           f"{before + 1}, so YAML does not read it as the text of '{name}'",
                           f"indent the text of '{name}' further than the key, e.g. {_key_col(above) + 2} spaces")
    opener = _previous(lines, before)
    block = _KEY.match(lines[opener]) if opener is not None else None
    if block and (block.group(3) or "")[:1] in ("|", ">") and _is_text(here) and _is_text(above) \
            and _key_col(lines[opener]) < _indent(here) < _indent(above):
        return Explanation(before, _indent(above), f"the first line of this text is indented {_indent(above)} "
                           f"spaces, more than the line after it ({_indent(here)}); YAML takes a text's "
                           "indentation from its first line", f"indent line {before + 1} like the lines "
                           f"after it ({count(_indent(here), 'space')})")
    if _indent(here) < _indent(above) and _is_text(above):
        return Explanation(line, _indent(here),
                           f"this line is indented less than the text above it (line {before + 1}), so YAML "
                           "ends that text there and reads this line as a new key",
                           f"indent line {line + 1} like line {before + 1}: every line of a text must be "
                           "indented further than its key")
    return None


def _is_text(line: str) -> bool:
    """A line that continues a text: neither a key nor a list item."""
    return _KEY.match(line) is None and not line.lstrip().startswith("-")


def _missing_colon(lines: list[str], line: int) -> Explanation | None:
    if _KEY.match(lines[line]) or re.search(r":(\s|$)", lines[line].split(" #")[0]):
        return None
    return Explanation(line, _key_col(lines[line]), "this line is read as a key, but there is no ': ' after "
                       "its name", "write the key as 'name: value' (a colon and a space), or indent the line "
                       "further if it continues the text above")


def _no_space_after_colon(lines: list[str], line: int) -> Explanation | None:
    match = re.match(r"^(\s*(?:-\s+)*)([^\s:#'\"\[\]{}]+):(\S)", lines[line])
    if match is None or _KEY.match(lines[line]):
        return None
    key = match.group(2)
    return Explanation(line, match.end(2), f"there is no space after the ':' of '{key}', so YAML does not "
                       "read it as a key", f"put a space after the colon: '{key}: ...'")


def _colon_in_text(lines: list[str], line: int, col: int) -> Explanation | None:
    key = _KEY.match(lines[line])
    if key is None or key.end(2) >= col:
        return None
    name, value = key.group(2), (key.group(3) or "").strip()
    return Explanation(line, col, f"the value of '{name}' contains ': ', which YAML reads as the start of "
                       "another key", f"put the whole value in quotes: {name}: \"{value}\"")


def _owner(lines: list[str], line: int) -> int | None:
    """The nearest line above ``line`` holding a key it could be part of the value of."""
    width = _indent(lines[line])
    for i in range(line - 1, max(line - _LOOK_BACK, 0) - 1, -1):
        if _is_content(lines[i]) and _KEY.match(lines[i]) and _key_col(lines[i]) < width:
            return i
    return None


def _colon_after_value(lines: list[str], line: int) -> Explanation | None:
    """A ': ' on a line that YAML reads as more of the value above it."""
    before, owner = _previous(lines, line), _owner(lines, line)
    if before is None:
        return None
    if owner is not None and owner < line:
        ahead = _previous(lines, owner)
        name = _KEY.match(lines[owner]).group(2)
        if ahead is not None and _is_text(lines[ahead]) and _indent(lines[ahead]) > _indent(lines[owner]) \
                and not _NAME.fullmatch(name):
            return Explanation(owner, _indent(lines[owner]), f"this line is indented less than the text above "
                               f"it (line {ahead + 1}), so YAML reads '{name}' as a key and the lines after it "
                               "as its value", f"indent line {owner + 1} like line {ahead + 1}: every line of a "
                               "text must be indented further than its key")
    above = lines[before]
    if _is_item(above):
        found = _list_item_out_of_line(lines, before)
        if found:
            return found
    if _KEY.match(lines[line]) and not _KEY.match(above) and not re.search(r":(\s|$)", above) \
            and _key_col(above) == _indent(lines[line]):
        return Explanation(before, _key_col(above), "this line is read as more text of the line above, "
                           "because there is no ': ' after its key", "write the key as 'name: value' "
                           "(a colon and a space)")
    if _KEY.match(lines[line]) is None or owner is None:
        return None
    name = _KEY.match(lines[owner]).group(2)
    return Explanation(line, _indent(lines[line]),
                       f"this line is indented further than line {before + 1}, so YAML reads it as more of "
                       "that line's value, where ': ' is not allowed",
                       f"if it is a new key, line it up with '{name}' on line {owner + 1} "
                       f"({count(_key_col(lines[owner]), 'space')}); if it is text, put the value in quotes")


def _is_item(line: str) -> bool:
    return line.lstrip().startswith("- ") or line.strip() == "-"


def _list_item_out_of_line(lines: list[str], line: int) -> Explanation | None:
    """A list item whose '-' is not in the column most items of its list use."""
    width = _indent(lines[line])
    for parent in range(line - 1, max(line - _LOOK_BACK, 0) - 1, -1):
        text = lines[parent].split(" #")[0].rstrip()
        if _is_content(lines[parent]) and text.endswith(":") and _key_col(lines[parent]) <= width:
            break
    else:
        return None
    base = _key_col(lines[parent])
    items: dict[int, list[int]] = {}  # column -> the items of this list written there
    for i in range(parent + 1, min(len(lines), line + _LOOK_BACK)):
        if not _is_content(lines[i]):
            continue
        if _indent(lines[i]) < base or (_indent(lines[i]) == base and not _is_item(lines[i])):
            break  # the list has ended
        if _is_item(lines[i]) and _indent(lines[i]) <= base + 5:
            items.setdefault(_indent(lines[i]), []).append(i)
    usual = max(items, key=lambda col: (len(items[col]), -items[col][0]), default=width)
    if usual == width or len(items.get(usual, ())) < 2 and items.get(usual, [line])[0] > line:
        return None
    other = items[usual][0]
    return Explanation(line, width, f"this list item is indented {count(width, 'space')}, unlike the other items "
                       f"of its list (line {other + 1} has {usual})",
                       f"line up its '-' with the one on line {other + 1} ({count(usual, 'space')})")


def _misaligned(lines: list[str], line: int) -> Explanation | None:
    """A line starting at an indentation that matches nothing around it."""
    here = lines[line]
    before = _previous(lines, line)
    if before is None:
        return None
    above = lines[before]
    width = _indent(here)
    key_above = _KEY.match(above)
    if here.lstrip().startswith("-"):
        if key_above and (key_above.group(3) or "").strip() and _key_col(above) >= width:
            name = key_above.group(2)
            return Explanation(line, width, f"a list item cannot follow '{name}' on line {before + 1}, "
                               "which already has a value",
                               f"remove the value after '{name}:' and indent the list items under it")
        return _list_item_out_of_line(lines, line)
    if _is_item(above):
        found = _list_item_out_of_line(lines, before)
        if found:
            return found
    if _KEY.match(here) is None:
        return _dedented(lines, line) or _missing_colon(lines, line)
    if above.lstrip().startswith("-") and _indent(above) == width:
        return Explanation(line, width, f"a key cannot follow the list item on line {before + 1} "
                           "at the same indentation", "indent it under the list item it belongs to, "
                           "or move it above the list")
    levels: dict[int, int] = {}  # indentation of the entries this line could belong to -> their line
    for i in range(line - 1, max(line - _LOOK_BACK, 0) - 1, -1):
        if _is_content(lines[i]) and _KEY.match(lines[i]):
            col = _key_col(lines[i])
            if not levels or col < min(levels):
                levels[col] = i
            if col == 0:
                break
    if width in levels or not levels:
        return None
    nearest = [n for n in (min((n for n in levels if n > width), default=None),
                           max((n for n in levels if n < width), default=None)) if n is not None]
    shown = " or ".join(f"'{_KEY.match(lines[levels[n]]).group(2)}' on line {levels[n] + 1} ({count(n, 'space')})"
                        for n in nearest)
    return Explanation(line, width, f"this line is indented {count(width, 'space')}, which lines up with none of the "
                       "entries above it", f"line it up with {shown}")


def _open_bracket(lines: list[str], line: int, col: int) -> tuple[int, int, str] | None:
    """The innermost '[' or '{' still open at ``line``:``col``: (line, column, bracket), or None."""
    stack: list[tuple[int, int, str]] = []
    for i in range(max(line - _LOOK_BACK, 0), min(line + 1, len(lines))):
        text, j, end = lines[i], 0, (col if i == line else len(lines[i]))
        while j < end:
            ch = text[j]
            if ch in "\"'" and (j == 0 or text[j - 1] in " \t[{,:"):
                close = text.find(ch, j + 1)
                j = close + 1 if close > 0 else end  # a quote left open runs past this line: not a bracket
                continue
            if ch == "#" and (j == 0 or text[j - 1] in " \t"):
                break
            if ch in "[{":
                stack.append((i, j, ch))
            elif ch in "]}" and stack:
                stack.pop()
            j += 1
    return stack[-1] if stack else None


def _leftover(lines: list[str], line: int, col: int) -> Explanation | None:
    """Something after a value that is already complete."""
    here = lines[line]
    ch = here[col] if col < len(here) else ""
    before = here[:col].rstrip()
    if ch in "]}":
        return Explanation(line, col, f"this '{ch}' closes no list or mapping",
                           f"remove it, or open the list with {'[' if ch == ']' else '{'} where it begins")
    if before and before[-1] in "\"']}":
        ends = {"]": "list", "}": "mapping"}.get(before[-1], "quoted text")
        return Explanation(line, col, f"there is more on this line after the {ends} that ends at column "
                           f"{len(before)}", "remove what follows it, or write the whole value inside the "
                           "brackets or quotes")
    return None


def _bad_char(lines: list[str], line: int, col: int) -> Explanation | None:
    here = lines[line] if line < len(lines) else ""
    ch = here[col] if col < len(here) else ""
    if ch in "@`%":
        return Explanation(line, col, f"a value cannot start with '{ch}', which YAML reserves",
                           "put the value in quotes, e.g. \"" + here[col:].strip() + "\"")
    return None


def _escape(lines: list[str], line: int, col: int) -> Explanation | None:
    here = lines[line] if line < len(lines) else ""
    slash = here.rfind("\\", 0, col + 1)
    if slash < 0:
        return None
    escape = here[slash: slash + 2]
    return Explanation(line, slash, f"'{escape}' is not an escape that double quotes allow",
                       "write \\\\ for a backslash, or use single quotes, in which a backslash is plain text")


def _tab(lines: list[str], line: int, col: int) -> Explanation | None:
    here = lines[line] if line < len(lines) else ""
    lead = here[: _key_col(here)]  # the indentation and any list dashes
    if "\t" not in lead and here[col: col + 1] != "\t":
        return None
    return Explanation(line, lead.index("\t") if "\t" in lead else col,
                       "a tab indents this line; use spaces, not tabs, to indent YAML",
                       "replace the tab with spaces, lined up with the lines around it")


def explain(text: str, exc: Any) -> Explanation | None:
    """What is wrong with ``text``, given the ``yaml.MarkedYAMLError`` it raised; None if not recognised."""
    lines = text.splitlines() or [""]
    problem, context = exc.problem_mark, exc.context_mark
    if problem is None:
        return None
    pline, pcol = problem.line, problem.column
    words = f"{exc.context or ''} {exc.problem or ''}"
    if "YAML document" in words or "directive" in words:
        return Explanation(pline, pcol, "this file asks for a YAML version this tool does not read",
                           "remove the %YAML line at the top of the file")
    found = _tab(lines, pline, pcol)
    if found:
        return found
    if "escape" in words:
        return _escape(lines, pline, pcol)
    if "quoted scalar" in words and context is not None and context.line < len(lines):
        quote = lines[context.line][context.column:context.column + 1] or '"'
        return Explanation(context.line, context.column, f"the {quote} opened here is never closed, so the text "
                           "runs to the end of the file", f"add the closing {quote} at the end of the text, "
                           "or remove this one")
    found = _runaway_quote(lines, pline)
    if found:
        return found
    if "document start" in words:
        first = next((i for i, ln in enumerate(lines) if _is_content(ln)), None)
        if first is not None and _indent(lines[first]):
            return Explanation(first, 0, "the first entry of the file is indented, so the entries after it "
                               "do not line up with it", "start the top-level keys at the beginning of the line")
    if "block scalar" in words and context is not None:
        if "indentation indicator" in words:
            return Explanation(pline, pcol, "the number after '|' or '>' sets the text's indentation and "
                               "cannot be 0", "remove the 0 (the indentation is then taken from the first line)")
        return Explanation(pline, pcol, "text follows '|' or '>' on the same line",
                           "start the text on the next line, indented further than its key")
    if "flow" in words:
        opened = _open_bracket(lines, pline, pcol)
        if opened is None:
            return None
        bline, bcol, bracket = opened
        close, kind = ("]", "list") if bracket == "[" else ("}", "mapping")
        if bline < pline:
            return Explanation(bline, bcol, f"the '{bracket}' opened here is never closed",
                               f"end the {kind} with '{close}' on this line")
        return Explanation(pline, pcol, f"the {kind} opened with '{bracket}' at column {bcol + 1} needs ', ' "
                           f"between its items and '{close}' at its end",
                           f"separate the items with ', ' and close with '{close}'")
    if "simple key" in words and context is not None:
        return (_dedented(lines, context.line) or _no_space_after_colon(lines, context.line)
                or _missing_colon(lines, context.line))
    if "mapping values" in words and pline < len(lines):
        before = _previous(lines, pline)
        return ((_no_space_after_colon(lines, before) if before is not None else None)
                or _colon_in_text(lines, pline, pcol) or _colon_after_value(lines, pline))
    if "cannot start any token" in words:
        return _bad_char(lines, pline, pcol)
    if "block" in words and pline < len(lines):
        if pcol <= _key_col(lines[pline]):
            return _misaligned(lines, pline)
        return _leftover(lines, pline, pcol)
    return None
