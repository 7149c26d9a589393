"""Property-based tests: any input to the parsers either parses or gives located problems, never an exception."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.briefings import load_briefings
from generator.content.checksums import read_sums
from generator.content.factrefs import find_refs, make_parser, valid_id
from generator.content.ids import is_id
from generator.content.yamlio import YamlError, parse_yaml
from generator.ingest.seeds import SeedError, parse_seed
from generator.model import Location
from generator.problems import Problems
from generator.store.documents import read_checked

BOUNDED = settings(
    max_examples=100,
    database=None,  # no example database in the working tree
    deadline=timedelta(seconds=2),  # each example: a hang or a blow-up fails the test
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

ARTICLE_LINES = st.sampled_from(
    [
        "",
        " ",
        "Advertisement",
        "Leave a Comment",
        "Published: 3 Mar. 2025, 09:00",
        " date 2025-03-04 A headline",
        "[Outlet] A headline",
        "- JANE ROE",
        "SEOUL, Sept. 12 (AP) — Kim arrived.",
        "The harbour master said 1,200 containers passed through in February.",
        "Share this article",
        "\ufeff",
        "\r",
        "\x00",
        "\x1b[31m",
        "\u202e",
    ]
)
ARTICLE_TEXT = st.lists(st.one_of(ARTICLE_LINES, st.text(max_size=80)), max_size=30).map("\n".join)


def _located(location: Location, path: Path) -> None:
    assert location.path == path
    assert location.line >= 0 and location.column >= 0


@BOUNDED
@given(st.one_of(st.binary(max_size=3000), ARTICLE_TEXT.map(lambda text: text.encode("utf-8", "surrogatepass"))))
def test_seed_parser_parses_or_locates_the_problem(raw: bytes) -> None:
    path = Path("seeds/000_x.txt")
    try:
        parsed = parse_seed(raw, path)
    except SeedError as exc:
        failure = exc
    else:
        assert parsed.paragraphs
        assert all(p.text.strip() == p.text and p.text for p in parsed.paragraphs)
        return
    _located(failure.location, path)
    assert failure.message and "\n" not in failure.message


YAML_SCALARS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["&a", "*a", "&b [*a, *a]", "!!set", "!!python/object:os.system", "~", "1e400", "0x1F", "'"]),
    st.integers(),
    st.floats(allow_nan=True),
)
YAML_TEXT = st.recursive(
    YAML_SCALARS.map(str),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(st.text(max_size=8), inner), max_size=4).map(
            lambda pairs: "\n".join(f"{key}: {value}" for key, value in pairs)
        ),
        st.tuples(inner, inner).map(lambda pair: f"a: &a {pair[0]}\nb: [*a, *a, {pair[1]}]"),
        inner.map(lambda text: "facts:\n  - " + text.replace("\n", "\n    ")),
    ),
    max_leaves=20,
)


@BOUNDED
@given(st.one_of(st.text(max_size=400), YAML_TEXT))
def test_yaml_loader_parses_or_locates_the_problem(text: str) -> None:
    path = Path("content/facts/x.yaml")
    try:
        document = parse_yaml(text, path)
    except YamlError as exc:
        failure = exc
    else:
        assert document.path == path
        return
    _located(failure.location, path)
    assert len(failure.message) < 400


@BOUNDED
@given(st.one_of(st.binary(max_size=600), YAML_TEXT.map(str.encode)), st.sampled_from(["facts", "source", "entities"]))
def test_schema_check_of_any_file_gives_located_problems(raw: bytes, schema: str) -> None:
    path = Path(f"content/{schema}.yaml")
    document, problems, failure = read_checked(raw, path, schema)
    if failure is not None:
        _located(failure.location, path)
        return
    assert document is not None
    for problem in problems:
        _located(problem.location, path)
        assert len(problem.message) < 600


REF_PIECES = st.sampled_from(["[[", "]]", "[", "]", ",", " ", "\n", "`", "fact-a", "Fact_B", "évé", "a/b", "..", "\\"])


@BOUNDED
@given(st.lists(st.one_of(REF_PIECES, st.text(max_size=10)), max_size=40).map("".join))
def test_fact_reference_parser_never_fails(text: str) -> None:
    md = make_parser()
    refs = find_refs(md, text)
    # markdown-it reads "\r\n" and a lone "\r" as line breaks too (as Python's text files do)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for ids, line in refs:
        assert 0 <= line < lines
        assert all(isinstance(i, str) for i in ids)


@BOUNDED
@given(st.lists(st.one_of(REF_PIECES, st.text(max_size=10)), max_size=40).map("".join))
def test_briefings_with_any_body_give_located_problems(tmp_path: Path, body: str) -> None:
    problems = Problems()
    folder = tmp_path  # one file, rewritten by each example
    path = folder / "b.md"
    front = "---\ntitle: T\nsummary: A summary long enough for the schema.\ntopic: arms-transfers\n"
    path.write_text(front + 'as_of: "2025-01-01"\nupdated: "2025-01-02"\n---\n' + body, encoding="utf-8")
    load_briefings(folder, {}, problems)
    for problem in problems.items:
        assert problem.location.path == path
        assert problem.location.line >= 1


@BOUNDED
@given(st.text(max_size=40))
def test_an_id_is_the_whole_string(value: str) -> None:
    assert is_id(value) == valid_id(value)
    if is_id(value):
        assert value == value.strip() and "/" not in value and ".." not in value and value.isascii()
        assert "\n" not in value


@BOUNDED
@given(st.binary(max_size=800))
def test_checksum_file_reader_locates_every_problem(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "SHA256SUMS"
    path.write_bytes(raw)
    problems = Problems()
    sums = read_sums(path, problems)
    assert all(len(line.digest) == 64 for line in sums.lines.values())
    for problem in problems.items:
        assert problem.location.path == path and problem.location.line >= 1
