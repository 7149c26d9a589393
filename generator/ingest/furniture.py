"""Rules that recognise page furniture and header lines in scraped articles.

Each rule matches a whole paragraph; nothing is cut from inside article text,
so every quote an editor copies from a clean paragraph is in the seed as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Rule:
    """A named pattern for a whole paragraph that is not article text."""

    name: str
    kind: str
    """`metadata` (read into the header) or `furniture` (dropped)."""
    pattern: re.Pattern[str]
    reason: str


def _rule(name: str, kind: str, pattern: str, reason: str) -> Rule:
    return Rule(name, kind, re.compile(pattern, re.IGNORECASE), reason)


RULES: tuple[Rule, ...] = (
    _rule("loader", "furniture", r"^Loading [\w ]+?(\s?\.){3,}\s*$", "placeholder of a widget that loads content"),
    _rule(
        "newsletter",
        "furniture",
        r"^(Do not miss|Don't miss|Sign up|Subscribe)\b.{0,160}(inbox|newsletter)\b.{0,20}$",
        "newsletter pitch",
    ),
    _rule("ad-block", "furniture", r"\bad[- ]?block", "ad-block pitch"),
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
    _rule("published-line", "metadata", r"^Published:\s*(?P<value>.+)$", "publication time"),
    _rule("updated-line", "metadata", r"^Updated:\s*(?P<value>.+)$", "update time"),
    _rule(
        "korean-timestamp",
        "metadata",
        r"^입력\s*(?P<value>\d{4}-\d{2}-\d{2}[ \d:]*?)(\s+수정\s*(?P<updated>\d{4}-\d{2}-\d{2}[ \d:]*?))?(\s+(?P<outlet>\D.*))?$",
        "publication and update time (입력 = entered, 수정 = modified)",
    ),
    _rule(
        "date-only-line",
        "metadata",
        r"^(?:(?:Posted|Published|Dated?)(?: on)?:?\s*)?(?P<value>(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}|\d{1,2} [A-Z][a-z]{2,8}\.? \d{4}|\d{4}-\d{2}-\d{2})(?:[ ,]+\d{1,2}:\d{2}(?: ?[AP]M)?)?)$",
        "publication date",
    ),
    _rule("byline-by", "metadata", r"^(?-i:By (?P<value>[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3}))$", "byline"),
    _rule("byline-dash", "metadata", r"^-\s+(?P<value>[A-Z][A-Z .'-]+[A-Z])$", "byline"),
    _rule("byline-signoff", "metadata", r"^BY\s+(?P<value>[A-Z][A-Z .'-]+[A-Z])(\s*\[.*\])?$", "byline sign-off"),
    _rule("outlet-signoff", "metadata", r"^with the (?P<value>[A-Z][\w .&'-]+)$", "outlet sign-off"),
)
"""Header and byline rules; tried on every paragraph before the furniture rules."""


_ALL_RULES = (*HEADER_RULES, *RULES)


def _any_rule_patterns(rules: tuple[Rule, ...]) -> tuple[re.Pattern[str], ...]:
    """Patterns that together match where any rule matches: the rules anchored at the
    start behind one `^` (so the search stops at the first character), and each
    unanchored rule on its own (in one alternation it would make the anchored part be
    tried at every position too)."""
    anchored, floating = [], []
    for rule in rules:
        source = re.sub(r"[(][?]P<[a-z_]+>", "(?:", rule.pattern.pattern)  # group names change no match
        if source.startswith("^"):
            anchored.append(f"(?:{source[1:]})")
        else:
            floating.append(rule.pattern)
    return (re.compile(f"^(?:{'|'.join(anchored)})", re.IGNORECASE), *floating)


_ANY_RULE = _any_rule_patterns(_ALL_RULES)
"""Most paragraphs are article text and match no rule: these few searches rule them out."""


def classify(text: str) -> tuple[Rule, re.Match[str]] | None:
    """The rule a paragraph matches, if it is header or furniture."""
    stripped = text.strip()
    if not any(pattern.search(stripped) for pattern in _ANY_RULE):
        return None
    for rule in _ALL_RULES:
        match = rule.pattern.search(stripped)
        if match:
            if rule.name in ("byline-dash", "byline-signoff") and not _is_uppercase_name(match.group("value")):
                continue
            return rule, match
    return None


def _is_uppercase_name(value: str) -> bool:
    words = value.split()
    return 1 < len(words) <= 5 and value == value.upper()
