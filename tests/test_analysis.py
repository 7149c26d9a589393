"""Derived copies, corroboration, conflicts and spellings (generator.analysis)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from generator.analysis import (
    Analysis,
    Copies,
    analyse,
    candidate_pairs,
    check_conflicts,
    detect_overlaps,
    fact_groups,
    find_conflicts,
    quote_change,
    spelling_uses,
    spelling_variants,
)
from generator.content.load import load_content
from generator.ingest.seeds import parse_seed
from generator.model import Citation, Content, Entity, Fact, Location, Match, Source, VerifiedCitation
from generator.problems import Problems

ROOT = Path(__file__).resolve().parent.parent

ORIGINAL = """\
The harbour authority of Port Ellery said on Monday that the new container terminal will open in March, two years later than planned, after a dispute over dredging contracts delayed work on the northern basin.

Officials told reporters that the terminal will handle about 400,000 containers a year once its three cranes are running, roughly doubling the capacity of the port and drawing shipping lines that now call at larger rivals down the coast.

The delay has cost the regional government more than 80 million dollars, according to an audit published last week, which blamed poor planning and a contractor that walked away from the project when steel prices rose sharply in the spring.

Harbour master Ilse Brandvold said the dredging had finally reached the depth needed for the largest vessels, and that trial berthing would begin in January with a feeder ship chartered from a company based in the capital.

Local fishing crews, who lost part of their moorings to the works, have asked the authority to keep a separate channel open for small boats and to pay compensation for the months in which they could not reach the inner harbour.

The opposition party called the audit damning and demanded that the transport minister appear before the regional assembly to explain why warnings about the dredging contract were ignored for almost a year.

A spokesman for the minister said the government accepted the findings of the audit and had already changed the rules for awarding large building contracts, so that bidders must now show they can finish the work.

Business groups welcomed the opening date but warned that the roads and the rail line leading to the terminal still need repairs, and that trucks would queue through the town centre unless a bypass is built soon.
"""

INDEPENDENT = """\
Port Ellery will finally get its long-promised container terminal in March, its harbour authority announced, ending a saga of missed deadlines that began when the first contractor abandoned the site.

Speaking at the quayside, harbour master Ilse Brandvold described the past two years as painful for everyone involved. She expects the first feeder ship to tie up for trials in January.

Capacity is the main selling point. With three cranes the terminal is designed for around 400,000 containers annually, and the authority hopes that shipping lines will stop bypassing the town in favour of bigger ports.

An audit released a week ago put the extra cost to taxpayers above 80 million dollars. Its authors pointed to weak oversight of the dredging contracts and to soaring steel prices that drove the original builder out.

Fishermen remain unhappy. Several crews said they had been unable to land their catch in the inner harbour for months and want a dedicated lane for small vessels, as well as money for lost income.

Opposition lawmakers said the minister responsible for transport should answer questions in the assembly, while traders said the crumbling access roads would turn the town centre into a lorry park.
"""

SYNONYMS = ["assorted", "notable", "declared", "vessel", "fresh", "dock", "delayed", "region", "stated", "large"]


def make_source(source_id: str, text: str, **fields: object) -> Source:
    """Build a Source from inline article text; keyword arguments override sidecar fields."""
    values: dict[str, object] = {
        "title": None,
        "outlet": None,
        "original_publisher": None,
        "authors": (),
        "published": None,
        "published_note": "",
        "url": None,
        "language": "en",
        "derived_from": (),
        "independent_of": (),
        "notes": "",
        "needs_review": False,
    }
    values.update(fields)
    parsed = parse_seed(text.encode(), Path(f"{source_id}.txt"))
    return Source(id=source_id, parsed=parsed, location=Location(Path(f"{source_id}.yaml")), **values)  # type: ignore[arg-type]


def swap_words(text: str, share: float = 0.2, seed: int = 7) -> str:
    """Replace `share` of the words of every paragraph with stand-in synonyms."""
    rng = random.Random(seed)
    paragraphs = []
    for paragraph in text.split("\n\n"):
        words = paragraph.split()
        for index in rng.sample(range(len(words)), round(share * len(words))):
            words[index] = rng.choice(SYNONYMS)
        paragraphs.append(" ".join(words))
    return "\n\n".join(paragraphs)


def sources_of(*sources: Source) -> dict[str, Source]:
    return {s.id: s for s in sources}


def make_fact(fact_id: str, *cited: Source, group: str | None = None, **fields: object) -> Fact:
    """Build a Fact whose citations quote the first paragraph of each cited source (or `quotes`)."""
    quotes = fields.pop("quotes", None) or [s.paragraphs[0].text for s in cited]
    citations = []
    for source, quote in zip(cited, quotes, strict=True):  # type: ignore[call-overload]
        paragraph = next(p for p in source.paragraphs if quote in p.text)
        start = paragraph.text.index(quote)
        match = Match(paragraph, start, start + len(quote))
        citations.append(VerifiedCitation(Citation(source.id, quote, Location(Path("f.yaml"))), source, match))
    values: dict[str, object] = {"date": None, "date_precision": None, "kind": "event", "status": "reported"}
    values.update(fields)
    return Fact(
        id=fact_id,
        statement="A statement.",
        topics=(),
        entity_ids=(),
        figures=values.pop("figures", ()),  # type: ignore[arg-type]
        group=group,
        note="",
        citations=tuple(citations),
        location=Location(Path("f.yaml")),
        **values,  # type: ignore[arg-type]
    )


def relations(result: Analysis | Copies, source_id: str) -> dict[str, str]:
    return {o.other_id: o.relation for o in result.overlaps[source_id]}


def test_rewrite_with_a_fifth_of_words_swapped_is_a_machine_rewritten_copy() -> None:
    original = make_source("original", ORIGINAL, published="2024-01-10")
    rewrite = make_source("rewrite", swap_words(ORIGINAL), published="2024-01-12")
    copies = detect_overlaps(sources_of(original, rewrite))
    assert copies.original_of == {"rewrite": "original"}
    assert copies.rewritten == {"rewrite"}
    assert relations(copies, "rewrite") == {"original": "copy-of"}
    assert relations(copies, "original") == {"rewrite": "copied-by"}
    assert 0.3 < copies.overlaps["rewrite"][0].score < 0.8


def test_independent_reports_of_one_event_are_not_copies() -> None:
    copies = detect_overlaps(sources_of(make_source("a", ORIGINAL), make_source("b", INDEPENDENT)))
    assert copies.overlaps == {"a": (), "b": ()}
    assert copies.original_of == {}


def test_verbatim_excerpt_is_a_copy_but_not_a_rewrite() -> None:
    paragraphs = ORIGINAL.split("\n\n")
    excerpt = "\n\n".join([*paragraphs[:5], "Readers can send their views to the letters page."])
    copies = detect_overlaps(sources_of(make_source("wire", ORIGINAL), make_source("reprint", excerpt)))
    assert copies.original_of == {"reprint": "wire"}
    assert copies.rewritten == frozenset()
    assert copies.overlaps["reprint"][0].score > 0.9


def test_declared_derived_from_and_independent_of_are_honoured() -> None:
    declared = make_source("declared", INDEPENDENT, derived_from=("original",))
    assert detect_overlaps(sources_of(make_source("original", ORIGINAL), declared)).original_of == {
        "declared": "original"
    }
    apart = make_source("apart", swap_words(ORIGINAL), independent_of=("original",))
    copies = detect_overlaps(sources_of(make_source("original", ORIGINAL), apart))
    assert copies.overlaps == {"original": (), "apart": ()}
    assert copies.root_of == {}


def test_lsh_does_not_pair_unrelated_sources() -> None:
    rng = random.Random(3)
    vocabulary = [f"w{i}" for i in range(3000)]
    texts = ["\n\n".join(" ".join(rng.choices(vocabulary, k=40)) + "." for _ in range(8)) for _ in range(200)]
    sources = {f"s{i}": make_source(f"s{i}", text) for i, text in enumerate(texts)}
    sources["copy"] = make_source("copy", swap_words(texts[5]))
    assert candidate_pairs(sources) == [("s5", "copy")]


@pytest.fixture(scope="module")
def real() -> Content:
    return load_content(ROOT, Problems())


def test_real_seeds_rewritten_ap_copy_is_not_independent_of_the_wire_copies(real: Content) -> None:
    copies = detect_overlaps(real.sources)
    assert "riverbender-ap-2023" in copies.rewritten
    assert copies.original_of["riverbender-ap-2023"] in {"unattributed-2023-09-12", "whatsnew2day-2023-09-11"}
    assert copies.root_of["riverbender-ap-2023"] == copies.root_of["unattributed-2023-09-12"]
    assert relations(copies, "riverbender-ap-2023")["unattributed-2023-09-12"] == "copy-of"
    assert copies.overlaps["news-today-2024-11-21"] == ()
    assert copies.overlaps["joongang-daily-2024-11-20"] == ()


def test_real_seeds_reliability_notes(real: Content) -> None:
    result = analyse(Content(ROOT, real.sources))
    notes = result.reliability
    assert "No publication date in the text" in notes["riverbender-ap-2023"]
    # The reviewed original publisher names the copy; the text shared with another copy is a separate note.
    assert notes["riverbender-ap-2023"][0] == (
        "Machine-rewritten copy of a report by Associated Press: wording unreliable"
    )
    assert not any("Outlet not named" in n for n in notes["riverbender-ap-2023"])  # the sidecar names it
    assert notes["unattributed-2023-09-12"] == (
        "Shares its text with Riverbender.com (undated) and WhatsNew2Day (11 September 2023): "
        "counted with them as one independent source",
        "4 blocks removed from the scraped page: 3 of page furniture, 1 header line read into the metadata",
        "No byline",
        "No headline in the text",
        "Outlet not named in the text",
    )
    assert result.labels["unattributed-2023-09-12"].removed == notes["unattributed-2023-09-12"][1]


def test_real_seeds_spell_choe_two_ways(real: Content) -> None:
    choe = Entity("choe-son-hui", "Choe Son-hui", "person", "", ("Choe Sun Hui",), Location(Path("e.yaml")))
    nis = Entity("nis", "National Intelligence Service", "organisation", "", ("NIS",), Location(Path("e.yaml")))
    variants = spelling_variants(spelling_uses(real.sources, [choe, nis]))
    assert [v.entity_id for v in variants] == ["choe-son-hui"]  # NIS is an abbreviation, not a spelling
    assert dict(variants[0].spellings) == {
        "Choe Son-hui": ("joongang-daily-2024-11-20", "news-today-2024-11-21"),
        "Choe Sun Hui": ("riverbender-ap-2023", "unattributed-2023-09-12"),
    }


def test_independent_sources_count_copies_once_and_badges() -> None:
    original = make_source("original", ORIGINAL, published="2024-01-10")
    rewrite = make_source("rewrite", swap_words(ORIGINAL), published="2024-01-12")
    other = make_source("other", INDEPENDENT)
    facts = {
        "both-copies": make_fact("both-copies", original, rewrite),
        "two-reports": make_fact("two-reports", rewrite, other),
        "rewrite-only": make_fact("rewrite-only", rewrite),
    }
    result = analyse(Content(ROOT, sources_of(original, rewrite, other), facts=facts))
    assert result.independent_sources(facts["both-copies"]) == ("original",)
    assert result.independent_sources(facts["two-reports"]) == ("rewrite", "other")
    assert [result.badge(f) for f in facts.values()] == ["single-source", "corroborated", "rewrite-only"]


def test_only_groups_marked_as_conflicts_with_differing_claims_are_listed() -> None:
    a = make_source("a", "Peskov said the meeting would include a lunch in Kim's honor.")
    b = make_source("b", "He added that Putin would host an official dinner for Kim.")
    c = make_source("c", "Peskov said the meeting would include a lunch in Kim's honor, he said.")
    heading = "Lunch or dinner for Kim"
    facts = [
        make_fact("x", a, group="meal", conflict=heading, claim="a lunch in Kim's honor"),
        make_fact("y", b, group="meal", conflict=heading, claim="an official dinner for Kim"),
        make_fact("z", c, group="meal", claim="a lunch in Kim's honor"),
        # Same event, different publication dates, no conflict set: not a conflict.
        make_fact("u", a, group="same-day", date="2023-09-12"),
        make_fact("v", b, group="same-day", date="2023-09-11"),
        # Marked, but both claims agree: not listed (and reported by check_conflicts).
        make_fact("s", a, group="agree", conflict="Agreement", claim="a lunch"),
        make_fact("t", c, group="agree", conflict="Agreement", claim="a lunch"),
    ]
    (meal,) = find_conflicts(fact_groups(facts))
    assert (meal.key, meal.heading) == ("meal", heading)
    assert [(v.claim, v.source_ids) for v in meal.versions] == [
        ("a lunch in Kim's honor", ("a", "c")),
        ("an official dinner for Kim", ("b",)),
    ]
    problems = Problems()
    check_conflicts(fact_groups(facts), problems)
    assert [p.message for p in problems.items] == [
        "group 'agree' is marked as a conflict, but fewer than two different claims from different sources are given"
    ]


def test_quote_change_ignores_unrelated_quotes() -> None:
    assert quote_change("Kim may visit Russia.", "Kim may visit Russia.") == ""
    assert quote_change("Kim may visit Russia.", "The harbour opens in March next year.") == ""


def test_results_do_not_depend_on_the_run(tmp_path: Path) -> None:
    script = (
        "from pathlib import Path; from generator.content.load import load_content; from generator.problems import Problems;"
        "from generator.model import Content; from generator.analysis import analyse;"
        "c = load_content(Path('.'), Problems()); print(repr(analyse(Content(c.root, c.sources, c.entities))))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={
                "PYTHONHASHSEED": seed,
                "PYTHONPATH": str(ROOT),
                "PYTHONDONTWRITEBYTECODE": "1",
                # An empty cache per run, so that each run computes the analysis itself.
                "BRIEFING_CACHE_DIR": str(tmp_path / f"cache-{seed}"),
            },
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
    assert "riverbender-ap-2023" in runs.pop()
