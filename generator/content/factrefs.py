"""The `[[fact-id]]` / `[[fact-a, fact-b]]` reference syntax, as a markdown-it-py plugin."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from generator.content.ids import is_id

_REF = re.compile(r"\[\[\s*([^\[\]\n]*?)\s*\]\]")

RefRenderer = Callable[[tuple[str, ...]], str]
"""Turns the fact ids of one reference into HTML."""


def fact_refs_plugin(md: MarkdownIt) -> None:
    """Add the `fact_ref` inline token and its line numbers to a parser."""
    md.inline.ruler.before("link", "fact_ref", _parse_ref)
    md.core.ruler.push("fact_ref_lines", _assign_lines)
    md.add_render_rule("fact_ref", _render_ref)


def _parse_ref(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _REF.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("fact_ref", "", 0)
        token.content = match.group(0)
        token.meta = {
            "ids": tuple(part.strip() for part in match.group(1).split(",")),
            "line_offset": state.src.count("\n", 0, state.pos),
        }
    state.pos = match.end()
    return True


def _assign_lines(state: StateCore) -> None:
    """Give each reference the 0-based line it is on, from its block's token map."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        first_line = block.map[0] if block.map else 0
        for child in block.children:
            if child.type == "fact_ref":
                child.meta["line"] = first_line + child.meta["line_offset"]


def _render_ref(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    renderer: RefRenderer | None = env.get("render_ref")
    ids: tuple[str, ...] = tokens[idx].meta["ids"]
    if renderer is None:
        return escapeHtml(tokens[idx].content)
    return renderer(ids)


def make_parser() -> MarkdownIt:
    """CommonMark with tables, raw HTML disabled, and fact references."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.use(fact_refs_plugin)
    return md


def find_refs(md: MarkdownIt, text: str) -> list[tuple[tuple[str, ...], int]]:
    """Every reference in Markdown text with its 0-based line."""
    found: list[tuple[tuple[str, ...], int]] = []
    for block in md.parse(text, {}):
        for child in block.children or ():
            if child.type == "fact_ref":
                found.append((child.meta["ids"], child.meta["line"]))
    return found


def valid_id(value: str) -> bool:
    """Whether a referenced id has the form of an id (the whole of it)."""
    return is_id(value)


def render(md: MarkdownIt, text: str, render_ref: RefRenderer) -> str:
    """Render Markdown, turning references into HTML with the given function."""
    env: dict[str, Any] = {"render_ref": render_ref}
    html: str = md.render(text, env)
    return html
