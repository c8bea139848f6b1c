"""Read YAML while remembering line numbers, so problems can point at the right line."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class Located(dict):
    """A mapping that knows the line it started on (1-based)."""

    line: int | None = None


class LocatedList(list):
    """A list that knows the line it started on (1-based)."""

    line: int | None = None


class _Loader(yaml.SafeLoader):
    offset = 0  # lines before the parsed text (front matter starts below '---')

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Located:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:  # plain YAML keeps the last one silently; authors deserve to know
                raise yaml.constructor.ConstructorError(
                    None, None, f"'{key}' appears twice here", key_node.start_mark
                )
            seen.add(key)
        mapping = Located(super().construct_mapping(node, deep=True))
        mapping.line = node.start_mark.line + 1 + self.offset
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LocatedList:
        items = LocatedList(super().construct_sequence(node, deep=True))
        items.line = node.start_mark.line + 1 + self.offset
        return items


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _Loader.construct_sequence)


def parse(text: str, first_line: int = 1) -> Any:
    """Parse YAML text; raises ``YamlProblem`` with a line number on bad syntax."""
    loader = _Loader(text)
    loader.offset = first_line - 1
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        message = f"{error.problem or error.context}"
        if "mapping values are not allowed" in message:
            message += " (a text containing ': ' must be wrapped in quotes, or start with '>' on its own line)"
        elif "expected <block end>, but found" in message:
            message += " (a text that starts with a quotation mark must be wrapped whole in other quotes)"
        raise YamlProblem(line, message) from None
    except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare
        raise YamlProblem(None, str(error)) from None
    finally:
        loader.dispose()


def load(path: Path) -> Any:
    return parse(path.read_text(encoding="utf-8"))


class YamlProblem(ValueError):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def line_of(document: Any, path: list[Any]) -> int | None:
    """The line of the deepest located node along ``path`` (a jsonschema error path)."""
    line = getattr(document, "line", None)
    node = document
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(node, "line", None) or line
    return line
