"""Split a Markdown file into YAML front matter and body, strictly, keeping line numbers.

MkDocs' own meta parser swallows YAML errors, so product files are parsed here: the YAML is parsed
safely (PyYAML's C loader where present), duplicate keys are reported, and every field keeps the line
it was written on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from os2catalogue.diagnostics import Diagnostic

#: A path into the front matter: keys and list indexes, e.g. ("repositories", 0, "licence").
FieldPath = tuple[str | int, ...]

#: Limits that keep a hostile file from exhausting the machine; real files stay far below them (the largest
#: product file, with a full governance report quoted, is under 100 kB and nests 6 levels).
MAX_FILE_BYTES = 1_000_000
MAX_FLOW_DEPTH = 20
MAX_INDENT = 64

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class InvalidDate(str):
    """A value YAML read as a timestamp that is not a real date (2026-02-30): reported, not raised."""


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, but an impossible date becomes an ``InvalidDate`` instead of a crash."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return InvalidDate(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)

_STR, _SEQ, _MAP = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


def _construct(loader: _Loader, node: yaml.Node) -> Any:
    """The value of ``node``, as the loader would construct it. Text, lists and mappings with text keys (nearly
    all of a product file) are built here directly: PyYAML's general constructor, which must allow for aliases
    and recursive data (refused before this point), cost a third of reading a file. Anything else (numbers,
    dates, booleans, odd keys) is left to the loader."""
    if isinstance(node, yaml.ScalarNode) and node.tag == _STR:
        return node.value
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_construct(loader, item) for item in node.value]
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP and all(
            isinstance(key, yaml.ScalarNode) and key.tag == _STR for key, _ in node.value):
        return {key.value: _construct(loader, value) for key, value in node.value}
    return loader.construct_object(node, deep=True)


@dataclass
class Document:
    """A parsed Markdown file: front matter data with positions, and the body."""

    path: str
    data: dict[str, Any]
    positions: dict[FieldPath, int]
    body: str
    body_line: int
    end_line: int

    def line(self, path: FieldPath) -> int:
        """The file line of ``path``, or of its nearest ancestor that has one (1 for the whole file)."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return 1


def format_path(path: FieldPath) -> str:
    """``("repositories", 0, "licence")`` → ``repositories[0].licence``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def decode(path: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Decode UTF-8 (a BOM is accepted) and normalise CRLF line endings."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        return None, [Diagnostic(path, line, "file", f"not valid UTF-8 (byte 0x{byte:02x} at offset {error.start}); "
                                                     "save the file with UTF-8 encoding")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, []


_NESTING_CHARS = re.compile(r"['\"#\[\]{}]")


def _nesting_problem(path: str, yaml_lines: list[str], base: int, where: str) -> Diagnostic | None:
    """The first place the YAML nests deeper than the limits, found by a linear scan before any parsing.

    Deep nesting is refused before the YAML parser sees it: 200,000 nested brackets crash the C parser and
    2,000 nested levels exhaust Python's recursion.
    """
    depth = 0
    quote: str | None = None
    for number, line in enumerate(yaml_lines, start=base):
        indent = len(line) - len(line.lstrip(" "))
        if indent > MAX_INDENT and quote is None and depth == 0:
            return Diagnostic(path, number, where, f"indented {indent} spaces; at most {MAX_INDENT} are allowed "
                                                   "(nest fewer levels)")
        # Only quotes, comments and brackets change the state; the other characters are skipped unread.
        for char in _NESTING_CHARS.findall(line):
            if quote is not None:
                quote = None if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                depth += 1
                if depth > MAX_FLOW_DEPTH:
                    return Diagnostic(path, number, where, f"brackets nested more than {MAX_FLOW_DEPTH} levels deep")
            elif char in "]}":
                depth = max(depth - 1, 0)
    return None


def _alias_problems(path: str, loader: yaml.SafeLoader, base: int, where: str) -> list[Diagnostic]:
    """Every alias (``*name``): anchors and aliases let a few lines expand to gigabytes, so they are refused."""
    problems: list[Diagnostic] = []
    while loader.check_event():
        event = loader.get_event()
        line = event.start_mark.line + base if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent) and not any(p.line == line for p in problems):
            problems.append(Diagnostic(path, line, where,
                                       f"YAML aliases ('*{event.anchor}') are not allowed; write the value out"))
    return problems


def parse_or_diagnostics(path: str, raw: bytes) -> tuple[Document | None, list[Diagnostic]]:
    """Parse a Markdown file's front matter and body; every problem found is returned, never raised."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Diagnostic(path, 1, "file", f"{len(raw):,} bytes; a file is at most {MAX_FILE_BYTES:,} bytes")]
    text, problems = decode(path, raw)
    if text is None:
        return None, problems
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None, [Diagnostic(path, 1, "front matter", "missing; the file must start with a line '---', "
                                                          "then the YAML fields, then a closing '---'")]
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return None, [Diagnostic(path, 1, "front matter", "no closing '---' line after the YAML fields")]
    yaml_lines = lines[1:end]
    if not any(line.strip() and not line.lstrip().startswith("#") for line in yaml_lines):
        return None, [Diagnostic(path, 1, "front matter", "empty; write the product's fields between the '---' lines")]
    parsed = _parse_yaml(path, yaml_lines, 2, "front matter")
    if isinstance(parsed, list):
        return None, parsed
    data, positions, problems = parsed
    return Document(path, data, positions, "\n".join(lines[end + 1:]), end + 2, end + 1), problems


def parse_yaml_file(path: str, raw: bytes) -> tuple[Document | None, list[Diagnostic]]:
    """Parse a whole YAML file (such as ``blog/.authors.yml``) as strictly as a front matter, with its lines."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Diagnostic(path, 1, "file", f"{len(raw):,} bytes; a file is at most {MAX_FILE_BYTES:,} bytes")]
    text, problems = decode(path, raw)
    if text is None:
        return None, problems
    lines = text.split("\n")
    if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        return None, [Diagnostic(path, 1, "file", "empty")]
    parsed = _parse_yaml(path, lines, 1, "file")
    if isinstance(parsed, list):
        return None, parsed
    data, positions, problems = parsed
    return Document(path, data, positions, "", len(lines) + 1, len(lines)), problems


def _parse_yaml(path: str, yaml_lines: list[str], base: int,
                where: str) -> list[Diagnostic] | tuple[dict[str, Any], dict[FieldPath, int], list[Diagnostic]]:
    """Parse YAML lines whose first is file line ``base``: a mapping with the line of every field, or problems.

    Tabs in indentation, nesting beyond the limits and aliases are refused before the mapping is built.
    """
    problems = [Diagnostic(path, number, where, "tab used for indentation; indent with spaces")
                for number, line in enumerate(yaml_lines, start=base)
                if "\t" in line[: len(line) - len(line.lstrip(" \t"))]]
    if problems:
        return problems
    nesting = _nesting_problem(path, yaml_lines, base, where)
    if nesting is not None:
        return [nesting]
    source = "\n".join(yaml_lines)
    if "*" in source:  # an alias is written '*name'; without a '*' there is none to look for
        scanner = _Loader(source)
        try:
            aliases = _alias_problems(path, scanner, base, where)
        except yaml.YAMLError:
            aliases = []  # reported below, with its position, by the full parse
        finally:
            scanner.dispose()
        if aliases:
            return aliases
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        if node is None:
            return [Diagnostic(path, 1, where, "empty; write the product's fields between the '---' lines")]
        if not isinstance(node, yaml.MappingNode):
            return [Diagnostic(path, node.start_mark.line + base, where,
                               "expected 'field: value' lines, got a single value or a list")]
        positions: dict[FieldPath, int] = {}
        _walk(path, node, (), positions, problems, base)
        data = _construct(loader, node)
    except yaml.MarkedYAMLError as error:
        # An unclosed bracket or quote is noticed lines later; point at where it was opened.
        mark = error.context_mark or error.problem_mark
        at_line = mark.line + base if mark is not None else 1
        detail: str = error.problem or error.context or "cannot be read"
        if error.context and error.problem:
            detail = f"{error.problem} ({error.context} started here)"
        return [Diagnostic(path, at_line, where, f"invalid YAML: {detail}")]
    except yaml.YAMLError as error:
        return [Diagnostic(path, 1, where, f"invalid YAML: {error}")]
    finally:
        loader.dispose()
    return data, positions, problems


def _walk(path: str, node: yaml.Node, at: FieldPath, positions: dict[FieldPath, int],
          problems: list[Diagnostic], base: int = 2) -> None:
    """Record the line of every key and list item, and report duplicate and non-text keys."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + base
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                problems.append(Diagnostic(path, line, format_path(at) or "front matter",
                                           f"field names must be text, got {key_node.value!r}; quote it"))
                continue
            key = key_node.value
            where = format_path(at + (key,))
            if key in seen:
                problems.append(Diagnostic(path, line, where, f"duplicate key; first given on line {seen[key]}"))
                continue
            seen[key] = line
            positions[at + (key,)] = line
            _walk(path, value_node, at + (key,), positions, problems, base)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            positions[at + (index,)] = item.start_mark.line + base
            _walk(path, item, at + (index,), positions, problems, base)


def as_date(value: Any) -> dt.date | None:
    """A YAML date, or an ISO ``YYYY-MM-DD`` string, as a date; None otherwise."""
    if isinstance(value, dt.datetime) or isinstance(value, InvalidDate):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value) if len(value) == 10 else None
        except ValueError:
            return None
    return None
