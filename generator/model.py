"""Frozen data passed between the stages of a build; no I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from generator.content.figures import canonical


class Level(Enum):
    """How serious a problem is."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Location:
    """A place in an input file; line and column are 1-based (0 = unknown)."""

    path: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        text = str(self.path)
        if not text.isprintable():  # a file name holding a newline must not forge an output line
            text = text.encode("unicode_escape").decode("ascii")
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, with where it is and how to fix it."""

    location: Location
    level: Level
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.level.value}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One clean paragraph of a seed article."""

    number: int
    """1-based position among the clean paragraphs; the page anchor is `p{number}`."""
    text: str
    """The paragraph exactly as in the seed (lines joined by one space)."""
    line: int
    """Line of the seed file where the paragraph starts."""

    @property
    def anchor(self) -> str:
        """HTML id of the paragraph on its source page."""
        return f"p{self.number}"


@dataclass(frozen=True, slots=True)
class Removed:
    """A block of the raw seed that is not article text, and why it was removed."""

    text: str
    line: int
    kind: str
    """`metadata` (a header or byline line read into the metadata) or `furniture`."""
    rule: str
    """Name of the rule that removed it (e.g. `advertisement`)."""
    reason: str
    """What the rule recognises, for readers."""


@dataclass(frozen=True, slots=True)
class Detected:
    """Header metadata the parser found in a raw article."""

    title: str | None = None
    published: str | None = None
    """ISO date `YYYY-MM-DD`."""
    published_text: str | None = None
    """The date as printed."""
    updated_text: str | None = None
    outlet: str | None = None
    original_publisher: str | None = None
    """Wire service named in a dateline such as `LYON, France (AP) —`."""
    authors: tuple[str, ...] = ()
    dateline: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedSeed:
    """A raw article split into metadata, clean paragraphs and removed furniture."""

    seed: str
    """File name in `seeds/`."""
    sha256: str
    detected: Detected
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removed, ...]


@dataclass(frozen=True, slots=True)
class Source:
    """A seed article with its reviewed metadata."""

    id: str
    parsed: ParsedSeed
    title: str | None
    outlet: str | None
    original_publisher: str | None
    authors: tuple[str, ...]
    published: str | None
    published_note: str
    url: str | None
    language: str
    derived_from: tuple[str, ...]
    independent_of: tuple[str, ...]
    notes: str
    needs_review: bool
    location: Location

    @property
    def seed(self) -> str:
        """File name of the verbatim article in `seeds/`."""
        return self.parsed.seed

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Clean paragraphs of the article."""
        return self.parsed.paragraphs

    @property
    def display_title(self) -> str:
        """Headline, or a description when the text prints none."""
        if self.title:
            return self.title
        who = self.outlet or "Unnamed outlet"
        when = self.published or "undated"
        return f"Untitled article ({who}, {when})"

    @property
    def display_outlet(self) -> str:
        """Outlet as printed, or a plain statement that the text names none."""
        return self.outlet or "Outlet not named in the text"


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, country, place, unit or weapon."""

    id: str
    name: str
    kind: str
    role: str
    aliases: tuple[str, ...]
    location: Location

    @property
    def names(self) -> tuple[str, ...]:
        """Display name first, then every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a fact reports, with its qualifier and unit as a quote words them."""

    value: float
    unit: str
    approximate: bool = False
    """Older spelling of `qualifier: about`."""
    label: str = ""
    """What the figure counts, in the quote's words."""
    qualifier: str = ""
    """One of figures.QUALIFIERS (`exact`, `about`, `more-than`, `up-to`, ...); '' reads `approximate`."""
    wording: str = ""
    """The figure as the quote words it (`more than three years`), found when the fact was loaded."""

    @property
    def kind(self) -> str:
        """The qualifier: `exact`, `about`, `more-than`, `at-least`, `up-to`, ..."""
        return self.qualifier or ("about" if self.approximate else "exact")

    @property
    def display(self) -> str:
        """The figure as readers see it: the quote's own wording, else e.g. `about 11,000 soldiers`."""
        return self.wording or canonical(self.value, self.unit, self.kind)


@dataclass(frozen=True, slots=True)
class Citation:
    """A verbatim quote from a source supporting a fact."""

    source_id: str
    quote: str
    location: Location


@dataclass(frozen=True, slots=True)
class Match:
    """Where a verified quote sits in its source."""

    paragraph: Paragraph
    start: int
    """Character offset of the quote in `paragraph.text`."""
    end: int


@dataclass(frozen=True, slots=True)
class VerifiedCitation:
    """A citation whose quote was found in its source."""

    citation: Citation
    source: Source
    match: Match
    anchor: str = ""
    """HTML id of this quote on its source page, `q-<fact id>-<n>` for a fact's n-th citation."""

    @property
    def url_fragment(self) -> str:
        """Path and anchor of the quote itself on its source page (of its paragraph when it has no anchor)."""
        return f"sources/{self.source.id}/#{self.anchor or self.match.paragraph.anchor}"

    @property
    def paragraph_fragment(self) -> str:
        """Path and anchor of the quoted paragraph."""
        return f"sources/{self.source.id}/#{self.match.paragraph.anchor}"

    @property
    def before(self) -> str:
        """Paragraph text before the quote."""
        return self.match.paragraph.text[: self.match.start]

    @property
    def quoted(self) -> str:
        """The quote as it stands in the source."""
        return self.match.paragraph.text[self.match.start : self.match.end]

    @property
    def after(self) -> str:
        """Paragraph text after the quote."""
        return self.match.paragraph.text[self.match.end :]


@dataclass(frozen=True, slots=True)
class Fact:
    """A checkable claim with who makes it and the quotes it rests on."""

    id: str
    statement: str
    date: str | None
    date_precision: str | None
    kind: str
    status: str
    topics: tuple[str, ...]
    entity_ids: tuple[str, ...]
    figures: tuple[Figure, ...]
    group: str | None
    note: str
    citations: tuple[VerifiedCitation, ...]
    location: Location
    conflict: str = ""
    """Heading of the disagreement its `group` records (set by editors); '' when the group agrees."""
    claim: str = ""
    """This fact's version of the disputed point: words of one of its quotes."""

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Ids of the cited sources, without repeats, in citation order."""
        return tuple(dict.fromkeys(c.source.id for c in self.citations))


@dataclass(frozen=True, slots=True)
class BriefingMeta:
    """Front matter of a briefing."""

    slug: str
    title: str
    summary: str
    topic: str
    as_of: str
    updated: str
    also_topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FactRef:
    """A `[[fact-id]]` reference in a briefing."""

    fact_ids: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Briefing:
    """A topic narrative and the facts it references."""

    meta: BriefingMeta
    body: str
    """Markdown after the front matter."""
    body_line: int
    """Line of the file where the body starts."""
    references: tuple[FactRef, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class Overlap:
    """Shared text between two sources."""

    other_id: str
    score: float
    """Share of this source's word shingles also found in the other (0..1)."""
    relation: str
    """`copy-of`, `copied-by` or `shares-text`."""


@dataclass(frozen=True, slots=True)
class TextPage:
    """A plain Markdown page such as the methodology page, published at `/<slug>/`."""

    slug: str
    title: str
    description: str
    body: str
    """Markdown after the front matter."""
    location: Location


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic of a site: facts are filed under it, and one briefing tells it."""

    slug: str
    """Used in facts' `topics`, a briefing's `topic` and URLs."""
    title: str
    """Short title on cards, tags and headings."""
    description: str
    """One sentence on what the topic covers."""


@dataclass(frozen=True, slots=True)
class EntityKind:
    """One kind of entity (person, place, ...), as the site names it."""

    slug: str
    title: str
    """Heading of the group on the entities page ("People")."""
    singular: str
    """Label on one entity's page, e.g. Person."""
    actor: bool = False
    """Listed among the people and organisations of a briefing."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything site-specific, as `content/site.yaml` gives it (see siteconfig.py)."""

    name: str
    description: str
    heading: str
    """Main heading of the home page."""
    author: str
    licence: str
    """Licence of the site's own content (facts, briefings)."""
    corrections: str
    """How readers send corrections, in one sentence."""
    topics: tuple[Topic, ...]
    """In the order the site lists them."""
    entity_kinds: tuple[EntityKind, ...]
    licence_url: str = ""
    """Where the licence is explained: an absolute URL or a site path (optional)."""
    corrections_url: str = ""
    """Where to report an error: an e-mail address, an absolute URL or a site path (optional)."""
    language: str = "en"
    location: Location = field(default_factory=lambda: Location(Path("content/site.yaml")))

    @property
    def topic_slugs(self) -> tuple[str, ...]:
        """Topic slugs in site order."""
        return tuple(t.slug for t in self.topics)

    @property
    def topic_titles(self) -> dict[str, str]:
        """Title of each topic by slug."""
        return {t.slug: t.title for t in self.topics}

    @property
    def kind_slugs(self) -> tuple[str, ...]:
        """Entity kind slugs in site order."""
        return tuple(k.slug for k in self.entity_kinds)


PLACEHOLDER_SITE = SiteConfig(
    name="Briefings",
    description="Sourced briefings: every claim traced to the passage it rests on.",
    heading="Sourced briefings",
    author="",
    licence="",
    corrections="",
    topics=(),
    entity_kinds=(),
)
"""Stands in for a site.yaml that is missing or broken (its problems are reported), so checking goes on."""


@dataclass(frozen=True)
class Content:
    """Everything read from the inputs, checked and cross-linked."""

    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    briefings: dict[str, Briefing] = field(default_factory=dict)
    pages: dict[str, TextPage] = field(default_factory=dict)
    site: SiteConfig = PLACEHOLDER_SITE
    """The site's own configuration (content/site.yaml)."""


def _reduce_to_fields(obj: object) -> tuple[type, tuple[object, ...]]:
    return type(obj), tuple(getattr(obj, name) for name in type(obj).__slots__)  # type: ignore[attr-defined]


for _cls in (Location, Problem, Paragraph, Removed, Detected, ParsedSeed, Source, Entity, Figure, Citation, Match):
    # Pickled (cache/, worker results) as a constructor call with the field values: the
    # default for slotted dataclasses looks the fields up again for every object, which
    # was most of the time spent loading and saving the parsed-seed cache.
    _cls.__reduce__ = _reduce_to_fields  # type: ignore[assignment,method-assign]
