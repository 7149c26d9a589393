"""Seeds are byte-exact, and the parser splits each into metadata, clean text and furniture."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.ingest.seeds import parse_seed, read_seed, split_blocks

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared" / "seeds"


def _sums() -> dict[str, str]:
    lines = (SEEDS / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return {name: digest for digest, name in (line.split() for line in lines)}


def test_seed_checksums_match_sha256sums() -> None:
    sums = _sums()
    assert sorted(sums) == sorted(p.name for p in SEEDS.glob("*.txt"))
    for name, digest in sums.items():
        assert hashlib.sha256((SEEDS / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside this checkout")
def test_seeds_are_byte_identical_to_shared_copies() -> None:
    for path in SHARED.glob("*.txt"):
        assert (SEEDS / path.name).read_bytes() == path.read_bytes(), path.name


# (seed, expected removed blocks as (line, rule), detected metadata)
EXPECTED = {
    "000_f570d0a4e6c8187a.txt": (
        [(1, "date-line"), (1, "headline"), (3, "korean-timestamp"), (9, "segment-marker"), (15, "segment-marker")],
        {"title": "KIM JONG-UN MAY VISIT RUSSIA", "published": "2024-11-21", "outlet": "News Today", "authors": ()},
    ),
    "001_84929002fb0b65f4.txt": (
        [(1, "date-line"), (9, "advertisement"), (33, "share-widget"), (35, "tag-list")],
        {"title": None, "published": "2023-09-12", "outlet": None, "authors": ()},
    ),
    "002_7e9489235ea2a4b6.txt": (
        [
            (1, "headline"),
            (2, "published-line"),
            (3, "updated-line"),
            (4, "byline-dash"),
            (5, "email-placeholder"),
            (6, "audio-notice"),
            (22, "byline-signoff"),
            (23, "outlet-signoff"),
            (24, "comment-form"),
            (25, "comment-form"),
        ],
        {
            "title": "North Korean troops assigned to Russian units and fighting Ukrainian forces, says South's spy agency",
            "published": "2024-11-20",
            "outlet": "Korea JoongAng Daily",
            "authors": ("Michael Lee",),
        },
    ),
    "003_cf84c1753290a236.txt": (
        [
            (1, "headline"),
            (3, "loader"),
            (9, "newsletter"),
            (69, "separator"),
            (71, "follow-promo"),
            (73, "separator"),
            (77, "loader"),
            (79, "ad-block"),
            (81, "comment-form"),
            (83, "comment-form"),
        ],
        {
            "title": "North Korean leader Kim Jong Un arrives in Russia ahead of planned meeting with Putin",
            "published": None,
            "original_publisher": "Associated Press",
            "authors": (),
        },
    ),
    "004_2bfa49d460d7f6a0.txt": (
        [(1, "date-line"), (1, "site-name")],
        {"title": None, "published": "2023-09-11", "outlet": "WhatsNew2Day", "authors": ()},
    ),
}


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_parser_removes_exactly_the_furniture(seed: str) -> None:
    parsed = read_seed(SEEDS / seed)
    removed, _ = EXPECTED[seed]
    assert [(r.line, r.rule) for r in parsed.removed] == removed


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_parser_detects_header_metadata(seed: str) -> None:
    detected = read_seed(SEEDS / seed).detected
    _, expected = EXPECTED[seed]
    assert isinstance(expected, dict)
    for field, value in expected.items():
        assert getattr(detected, field) == value, field


@pytest.mark.parametrize("seed", sorted(EXPECTED))
def test_parser_drops_nothing_of_the_article_body(seed: str) -> None:
    """Every non-blank line is either a clean paragraph or a listed removal, verbatim."""
    parsed = read_seed(SEEDS / seed)
    text = (SEEDS / seed).read_text(encoding="utf-8")
    kept = {p.line: p.text for p in parsed.paragraphs}
    removed_lines = {r.line for r in parsed.removed}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        assert number in kept or number in removed_lines, f"line {number} lost: {line[:60]!r}"
        if number in kept and number not in removed_lines:
            assert kept[number] == line.strip()
    # The date prefix is removed but the article text after it stays.
    if seed.startswith("001"):
        assert parsed.paragraphs[0].text.startswith("North Korean leader Kim Jong Un arrived in Russia on Tuesday")
        assert parsed.paragraphs[0].line == 1


def test_paragraphs_are_numbered_from_one() -> None:
    parsed = read_seed(SEEDS / "002_7e9489235ea2a4b6.txt")
    assert [p.number for p in parsed.paragraphs] == list(range(1, len(parsed.paragraphs) + 1))
    assert parsed.paragraphs[2].anchor == "p3"
    assert parsed.paragraphs[0].text.startswith("South Korea's National Intelligence Service (NIS) told")


def test_rewritten_copy_keeps_its_contributor_line() -> None:
    parsed = read_seed(SEEDS / "003_cf84c1753290a236.txt")
    assert parsed.paragraphs[-1].text.startswith("Associated Press writers Jim Heintz")
    assert parsed.detected.dateline == "SEOUL, South Korea (AP)"


def test_hard_wrapped_paragraphs_are_joined() -> None:
    blocks = split_blocks("Title line\n\nFirst line of a paragraph\nthat wraps here.\n\nSecond paragraph.\n")
    assert [b.text for b in blocks] == ["Title line", "First line of a paragraph that wraps here.", "Second paragraph."]
    assert [b.line for b in blocks] == [1, 3, 6]


def test_a_body_paragraph_that_resembles_furniture_words_is_kept() -> None:
    raw = b"Headline here\n\nLoading of munitions at the port continued, officials said.\n\nAdvertisement\n"
    parsed = parse_seed(raw, Path("x.txt"))
    assert [p.text for p in parsed.paragraphs] == ["Loading of munitions at the port continued, officials said."]
    assert [r.rule for r in parsed.removed] == ["headline", "advertisement"]


def test_the_one_pass_furniture_filter_never_changes_a_classification() -> None:
    """`classify` skips paragraphs no rule can match with one combined pattern; on the
    seeds' lines and 20,000 deterministic mixes of rule-triggering words, it returns
    exactly what trying every rule in order returns."""
    import random

    from generator.ingest import furniture

    def rule_by_rule(text: str) -> tuple[str, str] | None:
        stripped = text.strip()
        for rule in (*furniture.HEADER_RULES, *furniture.RULES):
            match = rule.pattern.search(stripped)
            if match and rule.accept(match):
                return rule.name, match.group(0)
        return None

    def one_pass(text: str) -> tuple[str, str] | None:
        found = furniture.classify(text)
        return (found[0].name, found[1].group(0)) if found else None

    lines = [line for seed in sorted((ROOT / "seeds").glob("*.txt")) for line in seed.read_text("utf-8").split("\n")]
    rng = random.Random(20261122)
    words = [
        *(
            "Advertisement ADVERTISEMENT Loading the weather . . . By John Smith - JOHN SMITH Published: Updated:",
            "2024-01-02 12:30 ad-block Follow us on Share this article Tags: Sign up newsletter inbox Subscribe",
            "Leave a Comment 입력 수정 BY [email] with the Associated Press Posted on September 12, 2023 _ = *",
            "Sponsored Audio report: [LEAD] Kim Putin said (AP)",
        ),
    ]
    words = [word for group in words for word in group.split(" ")]
    mixes = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 6))) for _ in range(20000)]
    samples = lines + mixes + [m.replace(" ", "") for m in mixes[:5000]]
    assert sum(1 for s in samples if one_pass(s) is not None) > 1000  # the mixes do trigger rules
    assert [one_pass(s) for s in samples] == [rule_by_rule(s) for s in samples]
