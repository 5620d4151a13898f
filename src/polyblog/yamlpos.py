"""Safe YAML loading that remembers the line of every mapping key.

Used for `blog.yaml` and YAML front matter so errors can name the line.
"""

from __future__ import annotations

from typing import Any

import yaml

from polyblog.errors import SourcePos

KeyPath = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses alias-heavy documents (billion laughs)."""

    max_aliases = 100

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._alias_count = getattr(self, "_alias_count", 0) + 1
            if self._alias_count > self.max_aliases:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.MarkedYAMLError(
                    None, None, f"more than {self.max_aliases} aliases", event.start_mark
                )
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        """An impossible date (2023-02-30) is an error at its line, not a ValueError."""
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_timestamp(self, node)
        except (ValueError, OverflowError):
            raise yaml.MarkedYAMLError(
                None, None, f"{node.value!r} is not a real calendar date", node.start_mark
            ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)

_CLoader: Any = getattr(yaml, "CSafeLoader", None)
if _CLoader is not None:

    class _FastLoader(_CLoader):  # type: ignore[misc]
        """libyaml's safe loader (six times faster) for documents without anchors."""

        construct_yaml_timestamp = _Loader.construct_yaml_timestamp

    _FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _loader(text: str) -> Any:
    """libyaml when there can be no alias (no `&` or no `*`), else the alias-counting loader."""
    if _CLoader is not None and ("&" not in text or "*" not in text):
        return _FastLoader(text)
    return _Loader(text)


def load_yaml(text: str, path: str, line_offset: int = 0) -> tuple[Any, dict[KeyPath, int]]:
    """Parse `text`; return the data and {key path: 1-based line}. Raises ValueError with pos."""
    try:
        loader = _loader(text)
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", SourcePos(path, line_offset + 1)) from None
    try:
        node = loader.get_single_node()
        lines: dict[KeyPath, int] = {}
        deep = _walk(node, (), lines, line_offset) if node is not None else None
        if deep is not None:
            mark = deep.start_mark
            raise YamlError(
                f"invalid YAML: exceeded maximum nesting depth ({MAX_DEPTH} levels)",
                SourcePos(path, mark.line + 1 + line_offset, mark.column + 1),
            )
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else 0
        col = mark.column + 1 if mark else 0
        problem = exc.problem or str(exc)
        raise YamlError(f"invalid YAML: {problem}", SourcePos(path, line, col)) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", SourcePos(path, line_offset + 1)) from None
    except RecursionError:
        raise YamlError(
            f"invalid YAML: exceeded maximum nesting depth ({MAX_DEPTH} levels)",
            SourcePos(path, line_offset + 1),
        ) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise YamlError(f"invalid YAML value: {exc}", SourcePos(path, line_offset + 1)) from None
    finally:
        loader.dispose()
    return data, lines


MAX_DEPTH = 200  # nesting levels of YAML collections, whatever libyaml's own limit is


def _too_deep(node: yaml.Node, start: int) -> yaml.Node | None:
    """The first node deeper than MAX_DEPTH, if any. Iterative; each node once (aliases)."""
    stack: list[tuple[yaml.Node, int]] = [(node, start)]
    seen: set[int] = set()
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            return current
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                stack.append((key_node, depth + 1))
                stack.append((value_node, depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in current.value)
    return None


class YamlError(Exception):
    def __init__(self, message: str, pos: SourcePos) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


def _walk(node: yaml.Node, path: KeyPath, out: dict[KeyPath, int], offset: int) -> yaml.Node | None:
    """Record the line of every key and item; return a node nested deeper than MAX_DEPTH."""
    stack: list[tuple[yaml.Node, KeyPath, int]] = [(node, path, 0)]
    seen: set[int] = set()
    while stack:
        current, at, depth = stack.pop()
        if depth > MAX_DEPTH:
            return current
        if id(current) in seen:
            continue  # an alias points at a node already walked: don't expand it again
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if not isinstance(key_node, yaml.ScalarNode):  # `? [a, [b]]`: rare
                    deep = _too_deep(key_node, depth + 1)
                    if deep is not None:
                        return deep
                key = str(key_node.value)
                out[(*at, key)] = key_node.start_mark.line + 1 + offset
                stack.append((value_node, (*at, key), depth + 1))
        elif isinstance(current, yaml.SequenceNode):
            for i, item in enumerate(current.value):
                out[(*at, i)] = item.start_mark.line + 1 + offset
                stack.append((item, (*at, i), depth + 1))
    return None
