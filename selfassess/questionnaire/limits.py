"""What a questionnaire or study-themes file may ask of the server, checked
before anything is built from it: its size, how deeply it nests, how many
values it holds once its aliases are expanded (a "billion laughs" file holds
10⁹ in under 1 kB), and where its themes file may be.

The limits are far above any real questionnaire (about 55 kB, 1,200 values
and 7 levels deep) and far below what would exhaust the server. Each refusal
is a ``Refused`` that loading turns into the usual one-line problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path as FsPath
from typing import Any

import yaml

MAX_BYTES = 1_000_000  # "1 MB" in messages
MAX_DEPTH = 50
MAX_VALUES = 100_000  # counted with every alias expanded

TOO_LARGE = "larger than 1 MB, far larger than a questionnaire or study themes file, so it was not read"
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep (aliases included); a questionnaire needs far fewer"
TOO_MANY = f"aliases expand to more than {MAX_VALUES:,} values; a questionnaire holds far fewer"
LOOP = "an alias refers to itself (a loop)"


class Refused(Exception):
    """A file refused before it is read into data: where (line, path) and why."""

    def __init__(self, line: int | None, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.line, self.message, self.path = line, message, path


def check_size(text: str) -> None:
    if len(text) > MAX_BYTES or len(text.encode("utf-8")) > MAX_BYTES:
        raise Refused(None, TOO_LARGE)


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing nesting deeper than MAX_DEPTH as it
    composes: its composer calls itself once for each level, so 5,000 levels
    would end in a RecursionError."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self._depth >= MAX_DEPTH:
            raise Refused(self.peek_event().start_mark.line + 1, TOO_DEEP)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _children(node: yaml.Node, path: tuple) -> Iterator[tuple[tuple, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            yield path, key_node
            yield (*path, key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"), value_node
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield (*path, index), item


def check_expansion(root: yaml.Node) -> None:
    """Refuse the composed file when, with every alias expanded, it holds more
    than MAX_VALUES values or nests deeper than MAX_DEPTH, or when an alias
    contains itself. An alias points at a node measured already, so each node
    is measured once: a bomb costs no more than its text."""
    measured: dict[int, tuple[int, int]] = {}  # id(node): (values, levels), aliases expanded

    def measure(node: yaml.Node, path: tuple, depth: int, on_path: frozenset[int]) -> int:
        line = node.start_mark.line + 1
        if id(node) in on_path:
            raise Refused(line, LOOP, path)
        if depth > MAX_DEPTH:
            raise Refused(line, TOO_DEEP, path)
        if id(node) not in measured:
            values, levels = 1, 0
            for child_path, child in _children(node, path):
                values += measure(child, child_path, depth + 1, on_path | {id(node)})
                levels = max(levels, measured[id(child)][1])
                if values > MAX_VALUES:
                    raise Refused(line, TOO_MANY, path)
            measured[id(node)] = (values, levels + 1)
        values, levels = measured[id(node)]
        if depth - 1 + levels > MAX_DEPTH:
            raise Refused(line, TOO_DEEP, path)
        return values

    measure(root, (), 1, frozenset())


def questionnaires_folder(questionnaire: FsPath, root: str | FsPath | None = None) -> FsPath:
    """The folder a questionnaire's themes file must be inside: ``root`` when
    given (the app's questionnaires folder), else the nearest folder called
    ``questionnaires`` that holds the questionnaire (as here, where archive/
    and themes/ sit side by side in it), else the questionnaire's own folder."""
    if root is not None:
        return FsPath(root).resolve()
    here = questionnaire.resolve().parent
    return next((folder for folder in (here, *here.parents) if folder.name == "questionnaires"), here)


def check_inside(themes: FsPath, folder: FsPath, reference: str) -> None:
    """Refuse a themes file that resolves outside the questionnaires folder
    (an absolute path, ``..`` or a link out of it), before it is read."""
    try:
        inside = themes.resolve().is_relative_to(folder)
    except (OSError, ValueError):  # a NUL in the name, a loop of links
        raise Refused(None, f"{reference!r} is not a file name") from None
    if not inside:
        raise Refused(None, f"the study themes file must be inside the questionnaires folder, and {reference} is not")
