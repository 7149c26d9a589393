"""Rules that recognise page furniture and header lines in scraped articles.

Each rule matches a whole paragraph; nothing is cut from inside article text,
so every quote an editor copies from a clean paragraph is in the seed as is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from generator.content.dates import parse_printed_date
from generator.ingest.extraction.authors import parse_byline
from generator.ingest.extraction.boilerplate import screened
from generator.model import Detected

Apply = Callable[[Detected, re.Match[str]], Detected]
"""What a matched rule adds to the metadata detected so far."""


def _always(match: re.Match[str]) -> bool:
    return True


def _nothing(detected: Detected, match: re.Match[str]) -> Detected:
    return detected


@dataclass(frozen=True, slots=True)
class Rule:
    """A named pattern for a whole paragraph that is not article text, with its own behaviour.

    The parser only runs the list: `accept` may turn down a match the pattern alone
    cannot judge, and `apply` folds a matched header line into the detected metadata
    (furniture adds nothing).
    """

    name: str
    kind: str
    """`metadata` (read into the header) or `furniture` (dropped)."""
    pattern: re.Pattern[str]
    reason: str
    accept: Callable[[re.Match[str]], bool] = _always
    apply: Apply = _nothing
    needs: tuple[str, ...] = ()
    """Words one of which every match contains, as in boilerplate.Pattern (for unanchored patterns,
    which are otherwise tried at every position of every paragraph)."""


def _rule(
    name: str,
    kind: str,
    pattern: str,
    reason: str,
    accept: Callable[[re.Match[str]], bool] = _always,
    apply: Apply = _nothing,
    needs: tuple[str, ...] = (),
) -> Rule:
    return Rule(name, kind, re.compile(pattern, re.IGNORECASE), reason, accept, apply, needs)


def _value(match: re.Match[str]) -> str:
    return (match.groupdict().get("value") or "").strip()


def _published(detected: Detected, match: re.Match[str]) -> Detected:
    """A printed publication date, when it reads as a date (the first one found wins)."""
    value = _value(match)
    iso = parse_printed_date(value)
    if iso:
        detected = replace(detected, published=detected.published or iso, published_text=value)
    return detected


def _published_updated_outlet(detected: Detected, match: re.Match[str]) -> Detected:
    """A timestamp line: publication date, and the update time and outlet when it gives them."""
    detected = _published(detected, match)
    groups = match.groupdict()
    if groups.get("updated"):
        detected = replace(detected, updated_text=groups["updated"].strip())
    if groups.get("outlet") and not detected.outlet:
        detected = replace(detected, outlet=groups["outlet"].strip())
    return detected


def _updated(detected: Detected, match: re.Match[str]) -> Detected:
    return replace(detected, updated_text=_value(match))


def _author(detected: Detected, match: re.Match[str]) -> Detected:
    """One more author (an all-capitals name in title case), unless already named."""
    value = _value(match)
    name = value.title() if value.isupper() else value
    if name in detected.authors:
        return detected
    return replace(detected, authors=(*detected.authors, name))


def _outlet(detected: Detected, match: re.Match[str]) -> Detected:
    return detected if detected.outlet else replace(detected, outlet=_value(match))


def _uppercase_name(match: re.Match[str]) -> bool:
    """An all-capitals line of two to five words: a name, not a shouted sentence."""
    value = match.group("value")
    words = value.split()
    return 1 < len(words) <= 5 and value == value.upper()


def _names_someone(match: re.Match[str]) -> bool:
    """The byline reader (the one used for every page) finds a name in it: `By By` names nobody."""
    return parse_byline("By " + match.group("value")) is not None


RULES: tuple[Rule, ...] = (
    _rule("loader", "furniture", r"^Loading [\w ]+?(\s?\.){3,}\s*$", "placeholder of a widget that loads content"),
    _rule(
        "newsletter",
        "furniture",
        r"^(Do not miss|Don't miss|Sign up|Subscribe)\b.{0,160}(inbox|newsletter)\b.{0,20}$",
        "newsletter pitch",
    ),
    _rule("ad-block", "furniture", r"\bad[- ]?block", "ad-block pitch", needs=("block",)),
    _rule("advertisement", "furniture", r"^(Advertisement|ADVERTISEMENT|Sponsored)\s*$", "advertisement label"),
    _rule("comment-form", "furniture", r"^(Leave a (Comment|Reply)|Post a comment)\s*$", "comment form"),
    _rule(
        "comment-form",
        "furniture",
        r"^(Your email address will not be published|To write comments, please log in)",
        "comment form",
    ),
    _rule("comment-form", "furniture", r"^Standards Board Policy \(\d+/\d+\S*\)$", "comment form"),
    _rule("share-widget", "furniture", r"^(SHARE URL|Share (this|on)\b|Copy link)", "share widget"),
    _rule("tag-list", "furniture", r"^(Tags|Keywords|Topics)\s*:", "tag list"),
    _rule(
        "segment-marker",
        "furniture",
        r"^\[(LEAD|REPORT|ANCHOR|SOUND|INTERVIEW|STAND-?UP)\]$",
        "broadcast segment marker",
    ),
    _rule(
        "email-placeholder",
        "furniture",
        r"^[-–•]?\s*\[email(&#160;|\s)protected\]$",
        "e-mail address hidden by the scraper",
    ),
    _rule("audio-notice", "furniture", r"^Audio report:", "audio-report notice"),
    _rule("follow-promo", "furniture", r"^Follow (us|[A-Z][\w.]*) on\b", "social-media promotion"),
    _rule("separator", "furniture", r"^[\s_\-=*.·•]*$", "separator line"),
)
"""Furniture rules, tried in order."""

HEADER_RULES: tuple[Rule, ...] = (
    _rule("published-line", "metadata", r"^Published:\s*(?P<value>.+)$", "publication time", apply=_published),
    _rule("updated-line", "metadata", r"^Updated:\s*(?P<value>.+)$", "update time", apply=_updated),
    _rule(
        "korean-timestamp",
        "metadata",
        r"^입력\s*(?P<value>\d{4}-\d{2}-\d{2}[ \d:]*?)(\s+수정\s*(?P<updated>\d{4}-\d{2}-\d{2}[ \d:]*?))?(\s+(?P<outlet>\D.*))?$",
        "publication and update time (입력 = entered, 수정 = modified)",
        apply=_published_updated_outlet,
    ),
    _rule(
        "date-only-line",
        "metadata",
        r"^(?:(?:Posted|Published|Dated?)(?: on)?:?\s*)?(?P<value>(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}|\d{4}-\d{2}-\d{2})(?:[ ,]+\d{1,2}:\d{2}(?: ?[AP]M)?)?)$",
        "publication date",
        apply=_published,
    ),
    _rule(
        "byline-by",
        "metadata",
        r"^(?-i:By (?P<value>[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3}))$",
        "byline",
        accept=_names_someone,
        apply=_author,
    ),
    _rule(
        "byline-dash",
        "metadata",
        r"^-\s+(?P<value>[A-Z][A-Z .'-]+[A-Z])$",
        "byline",
        accept=_uppercase_name,
        apply=_author,
    ),
    _rule(
        "byline-signoff",
        "metadata",
        r"^BY\s+(?P<value>[A-Z][A-Z .'-]+[A-Z])(\s*\[.*\])?$",
        "byline sign-off",
        accept=_uppercase_name,
        apply=_author,
    ),
    _rule("outlet-signoff", "metadata", r"^with the (?P<value>[A-Z][\w .&'-]+)$", "outlet sign-off", apply=_outlet),
)
"""Header and byline rules; tried on every paragraph before the furniture rules."""


_ALL_RULES = (*HEADER_RULES, *RULES)


def _any_rule_patterns(rules: tuple[Rule, ...]) -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """Patterns (each with its `needs`) that together match where any rule matches: the
    rules anchored at the start behind one `^` (so the search stops at the first
    character), and each unanchored rule on its own (in one alternation it would make the
    anchored part be tried at every position too)."""
    anchored: list[str] = []
    floating: list[tuple[re.Pattern[str], tuple[str, ...]]] = []
    for rule in rules:
        source = re.sub(r"[(][?]P<[a-z_]+>", "(?:", rule.pattern.pattern)  # group names change no match
        if source.startswith("^"):
            anchored.append(f"(?:{source[1:]})")
        else:
            floating.append((rule.pattern, rule.needs))
    return ((re.compile(f"^(?:{'|'.join(anchored)})", re.IGNORECASE), ()), *floating)


_ANY_RULE = _any_rule_patterns(_ALL_RULES)
"""Most paragraphs are article text and match no rule: these few searches rule them out."""


def _may_match(text: str) -> bool:
    """Could any rule match this (stripped) paragraph? False rules them all out."""
    screen: str | None = None
    for pattern, needs in _ANY_RULE:
        if needs:
            screen = screened(text) if screen is None else screen
            if not any(word in screen for word in needs):
                continue
        if pattern.search(text):
            return True
    return False


def classify(text: str) -> tuple[Rule, re.Match[str]] | None:
    """The rule a paragraph matches, if it is header or furniture."""
    stripped = text.strip()
    if not _may_match(stripped):
        return None
    for rule in _ALL_RULES:
        match = rule.pattern.search(stripped)
        if match and rule.accept(match):
            return rule, match
    return None
