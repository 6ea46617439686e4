"""Reading questionnaire and study-themes YAML into validated models.

Every problem becomes one line: ``FILE:LINE: dotted.path: what is wrong``,
never a traceback. The YAML is composed into nodes first so that each dotted
path can be traced back to the line it came from; duplicate mapping keys,
which PyYAML would otherwise silently overwrite, are caught on the way.
Files that would exhaust the server (too large, too deep, aliases that
expand too far, a themes file outside the questionnaires folder) are
refused first, in the same one line (``limits.py``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from selfassess.questionnaire import limits
from selfassess.questionnaire.limits import MAX_BYTES
from selfassess.questionnaire.schema import (
    Path,
    Questionnaire,
    ThemesFile,
    link_problems,
    questionnaire_problems,
    themes_problems,
)


@dataclass(frozen=True)
class Problem:
    file: str
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        place = f"{self.file}:{self.line}" if self.line else self.file
        where = dotted(self.path)
        return f"{place}: {where}: {self.message}" if where else f"{place}: {self.message}"


class QuestionnaireError(Exception):
    """One or more problems in a questionnaire or study-themes file."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def dotted(path: Path) -> str:
    return ".".join(str(part) for part in path)


@dataclass
class _Source:
    """One YAML file: its name, its text, the parsed data and the line of every path."""

    name: str
    text: str
    data: Any = None
    lines: dict[Path, int] | None = None

    def problem(self, path: Path, message: str) -> Problem:
        lines = self.lines or {}
        # Fall back to the nearest enclosing node that has a known line.
        for cut in range(len(path), -1, -1):
            if path[:cut] in lines:
                return Problem(self.name, path, lines[path[:cut]], message)
        return Problem(self.name, path, None, message)


def _parse(source: _Source) -> list[Problem]:
    try:
        limits.check_size(source.text)
        node = yaml.compose(source.text, Loader=limits.Loader)
        if node is not None:
            limits.check_expansion(node)
    except limits.Refused as refused:
        return [Problem(source.name, refused.path, refused.line, refused.message)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark else None
        return [Problem(source.name, (), line, f"not valid YAML: {problem}")]
    if node is None:
        return [Problem(source.name, (), None, "the file is empty")]
    lines: dict[Path, int] = {}
    problems: list[Problem] = []
    _walk(node, (), lines, problems, source.name)
    if problems:
        return problems
    source.lines = lines
    try:
        source.data = yaml.load(source.text, Loader=yaml.SafeLoader)  # within the limits checked above
    except yaml.YAMLError as exc:  # constructor errors such as a bad tag
        return [Problem(source.name, (), None, f"not valid YAML: {exc}")]
    if not isinstance(source.data, dict):
        return [Problem(source.name, (), 1, "the file must be a mapping of keys to values at the top level")]
    return []


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int], problems: list[Problem], name: str) -> None:
    """Note each path's line and catch keys PyYAML would take wrongly. The file
    passed ``limits.check_expansion``: no loop, and a bounded number of values."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = _key(key_node)
            if key is None:
                problems.append(
                    Problem(name, path, key_node.start_mark.line + 1, "keys must be plain text or whole numbers")
                )
                continue
            if key in seen:
                problems.append(Problem(name, (*path, key), key_node.start_mark.line + 1, f"duplicate key {key!r}"))
            seen.add(key)
            _walk(value_node, (*path, key), lines, problems, name)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, problems, name)


def _key(node: yaml.Node) -> str | int | None:
    """A mapping key as the loader will see it, or None when it is not a scalar."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    if node.tag.endswith(":int"):
        try:
            value = yaml.safe_load(node.value)
        except yaml.YAMLError:
            return node.value
        return value if isinstance(value, int) else node.value
    return node.value


_MESSAGES = {
    "missing": "missing required key",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping of keys to values",
}


def _validate(source: _Source, model: type[BaseModel]) -> tuple[Any, list[Problem]]:
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(part for part in error["loc"] if part != "[key]")
            message = _MESSAGES.get(error["type"], error["msg"])
            if error["type"] in ("greater_than_equal", "greater_than") and loc and loc[-1] == "weight":
                message = "weight must be a whole number of 1 or more"
            if message.startswith("Value error, "):
                message = message.removeprefix("Value error, ")
            if error["type"] not in ("missing",) and "input" in error and _short(error["input"]):
                message = f"{message} (found {_short(error['input'])})"
            problems.append(source.problem(loc, message))
        return None, problems


def _short(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return ""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def parse(
    questionnaire_text: str,
    themes_text: str,
    *,
    questionnaire_name: str = "questionnaire",
    themes_name: str = "themes",
) -> Questionnaire:
    """Validate a questionnaire and its study themes from their text.

    Used both for files on disk and for versions stored in the database, so
    that a round is always read with exactly the rules it was opened under.
    """
    q_source = _Source(questionnaire_name, questionnaire_text)
    t_source = _Source(themes_name, themes_text)
    questionnaire, problems = _load_one(q_source, Questionnaire, questionnaire_problems)
    themes, theme_file_problems = _load_one(t_source, ThemesFile, themes_problems)
    problems += theme_file_problems
    if questionnaire is not None and themes is not None:
        for which, path, message in link_problems(questionnaire, themes):
            problems.append((q_source if which == "questionnaire" else t_source).problem(path, message))
    if problems:
        raise QuestionnaireError(problems)
    questionnaire._study = themes
    questionnaire._fingerprint = fingerprint(questionnaire_text, themes_text)
    return questionnaire


def fingerprint(questionnaire_text: str, themes_text: str) -> str:
    """The SHA-256 of a questionnaire's text and its themes file's text: what
    a stored version is known by."""
    digest = hashlib.sha256()
    for part in (questionnaire_text, "\0", themes_text):
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()


def _load_one(source: _Source, model: type[BaseModel], rules: Any) -> tuple[Any, list[Problem]]:
    problems = _parse(source)
    if problems:
        return None, problems
    value, problems = _validate(source, model)
    if value is None:
        return None, problems
    return value, [source.problem(path, message) for path, message in rules(value)]


def load(path: str | FsPath, root: str | FsPath | None = None) -> Questionnaire:
    """Load a questionnaire file and the study themes file it names (inside
    ``root``, the questionnaires folder: see ``read_files``)."""
    files = read_files(path, root)
    return parse(
        files.questionnaire_text,
        files.themes_text,
        questionnaire_name=files.questionnaire_name,
        themes_name=files.themes_name,
    )


@dataclass(frozen=True)
class QuestionnaireFiles:
    """The exact text of a questionnaire and of its themes file, as stored with a round."""

    questionnaire_name: str
    questionnaire_text: str
    themes_name: str
    themes_text: str

    @property
    def sha256(self) -> str:
        return fingerprint(self.questionnaire_text, self.themes_text)


def read_files(path: str | FsPath, root: str | FsPath | None = None) -> QuestionnaireFiles:
    """Read a questionnaire file and the themes file it names, or raise a
    QuestionnaireError that says which file could not be read and why. The
    themes file must be inside the questionnaires folder: ``root``, or by
    default the one that holds the questionnaire (``limits.questionnaires_folder``)."""
    path = FsPath(path)
    q_text = _read(path)
    source = _Source(str(path), q_text)
    problems = _parse(source)
    if problems:
        raise QuestionnaireError(problems)
    themes_ref = source.data.get("themes")
    if not isinstance(themes_ref, str) or not themes_ref.strip():
        raise QuestionnaireError([source.problem(("themes",), "missing the path of the study themes file")])
    themes_path = path.parent / themes_ref
    try:
        limits.check_inside(themes_path, limits.questionnaires_folder(path, root), themes_ref)
    except limits.Refused as refused:
        raise QuestionnaireError([source.problem(("themes",), refused.message)]) from None
    try:
        t_text = _read(themes_path)
    except QuestionnaireError as exc:
        raise QuestionnaireError([source.problem(("themes",), exc.problems[0].message)]) from None
    return QuestionnaireFiles(str(path), q_text, str(themes_path), t_text)


def _read(path: FsPath) -> str:
    """The file's text; no more than MAX_BYTES is ever read."""
    try:
        with path.open(encoding="utf-8") as file:
            text = file.read(MAX_BYTES + 1)
        limits.check_size(text)
        return text
    except limits.Refused as refused:
        raise QuestionnaireError([Problem(str(path), (), None, refused.message)]) from None
    except FileNotFoundError:
        raise QuestionnaireError([Problem(str(path), (), None, "file not found")]) from None
    except IsADirectoryError:
        raise QuestionnaireError([Problem(str(path), (), None, "is a folder, not a file")]) from None
    except UnicodeDecodeError as exc:
        raise QuestionnaireError([Problem(str(path), (), None, f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise QuestionnaireError([Problem(str(path), (), None, f"cannot be read ({exc.strerror})")]) from None


def check(path: str | FsPath, root: str | FsPath | None = None) -> list[Problem]:
    """All problems in one file. A questionnaire is checked with the themes
    file it names (inside ``root``: see ``read_files``); a themes file on its
    own is checked alone."""
    path = FsPath(path)
    try:
        text = _read(path)
    except QuestionnaireError as exc:
        return exc.problems
    source = _Source(str(path), text)
    problems = _parse(source)
    if problems:
        return problems
    if "domains" in source.data or "scale" in source.data:
        try:
            load(path, root)
        except QuestionnaireError as exc:
            return exc.problems
        return []
    if "themes" in source.data and "study" in source.data:
        _, problems = _load_one(source, ThemesFile, themes_problems)
        return problems
    return [Problem(str(path), (), 1, "neither a questionnaire (no 'domains') nor a study themes file (no 'study')")]
