"""Mark every quoted passage of a source paragraph with its own anchor, `q-<fact>-<n>`.

Quotes may nest (a fact quoting a phrase inside another fact's sentence) or
cross (two quotes sharing only some words). Nested quotes become nested
`<mark>` elements; a quote that crosses another is split where they cross, its
first piece carries the id and every piece carries `data-q` with the id, so that
the target quote, and only it, can be highlighted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Span:
    """A quoted range of a paragraph (or a piece of one)."""

    start: int
    end: int
    anchor: str
    """HTML id of the whole quote (`q-<fact>-<n>`)."""
    fact_id: str
    first: bool = True
    """The quote's first piece, which carries the id."""


def mark_quotes(text: str, spans: Iterable[Span]) -> Markup:
    """The paragraph as HTML, each quote inside its own `<mark class="q">`."""
    ordered = sorted((s for s in spans if s.start < s.end), key=_order)
    return Markup("".join(_render(text, 0, len(text), ordered)))


def _order(span: Span) -> tuple[int, int, str]:
    return (span.start, -span.end, span.anchor)


def _render(text: str, low: int, high: int, spans: list[Span]) -> list[str]:
    out: list[str] = []
    position = low
    while spans:
        top, rest = spans[0], spans[1:]
        inside: list[Span] = []
        after: list[Span] = []
        for span in rest:
            if span.start >= top.end:
                after.append(span)
            elif span.end <= top.end:
                inside.append(span)
            else:  # crosses the end of `top`: split it there
                inside.append(replace(span, end=top.end))
                after.append(replace(span, start=top.end, first=False))
        out.append(str(escape(text[position : top.start])))
        out.append(_open(top))
        out.extend(_render(text, top.start, top.end, sorted(inside, key=_order)))
        out.append("</mark>")
        position = top.end
        spans = sorted(after, key=_order)
    out.append(str(escape(text[position:high])))
    return out


def _open(span: Span) -> str:
    ident = f' id="{escape(span.anchor)}"' if span.first else ""
    return f'<mark class="q"{ident} data-q="{escape(span.anchor)}" data-fact="{escape(span.fact_id)}">'
