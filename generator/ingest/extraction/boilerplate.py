"""Generic page-furniture vocabulary: what a block says when it is a banner, a button or a footer.

The patterns name what any site's furniture says (cookies, subscribe, share, related, copyright),
in English and a few common languages; none is keyed to one site.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Pattern:
    """A whole-block pattern and the reason a matching block is removed."""

    reason: str
    regex: re.Pattern[str]
    max_words: int
    """Longer blocks are article text even if they use the words."""
    needs: tuple[str, ...] = ()
    """Lower-case words (letters ASCII) one of which every match contains: a block whose `screened` text has
    none of them is not searched. Given for the patterns tried on long blocks, whose searches
    (case-insensitive alternations starting with `\\b`, tried at every position) were most of a
    seed's parse time."""


def _p(reason: str, max_words: int, pattern: str, needs: str = "") -> Pattern:
    return Pattern(reason, re.compile(pattern, re.IGNORECASE), max_words, tuple(needs.split()))


_SCREEN = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The characters other than A-Z that a case-insensitive pattern matches to an ASCII letter,
mapped to it (str.lower alone turns `İ` into two characters and leaves `ı` and `ſ`)."""


def screened(text: str) -> str:
    """The text as `needs` words are looked for in it: every character a case-insensitive
    ASCII letter matches becomes that letter in lower case."""
    return text.translate(_SCREEN).lower()


PATTERNS: tuple[Pattern, ...] = (
    _p(
        "cookie or consent notice",
        80,
        r"\bcookies?\b.*\b(use|accept|consent|policy|settings|preferences|browsing|experience|"
        r"verwenden|akzeptieren|zustimmen|einstellungen|utilisons|accepter|paramètres|usamos|aceptar|utilizziamo)\b"
        r"|\b(wir verwenden|we use|nous utilisons|usamos|utilizziamo)\b.*\bcookies?\b"
        r"|\b(accept|reject|manage)\b.*\bcookies\b|\bconsent\b.*\b(privacy|data|partners|vendors)\b"
        r"|\bprivacy (policy|settings|preferences|choices)\b.*\b(agree|accept|use)\b",
        "cookie consent privacy",
    ),
    _p(
        "subscribe or newsletter pitch",
        45,
        r"\b(subscribe|subscription|subscriber|newsletter|sign up|signup|sign in|log in|login|register|"
        r"create (a free |an )?account|already a (member|subscriber)|unlimited (digital )?access|"
        r"free trial|inbox|abonnieren|anmelden|s'abonner|suscr[ií]bete)\b",
        "subscri newsletter sign log register account already access trial inbox abonnieren anmelden abonner suscr",
    ),
    _p(
        "share or social buttons",
        14,
        r"\b(share|tweet|pin it|email this|print this|copy link|whatsapp|facebook|twitter|linkedin|"
        r"reddit|pinterest|instagram|youtube|flipboard|teilen|partager|compartir)\b",
    ),
    _p("social follow pitch", 20, r"^\s*(follow|like|join)\b.*\b(us|on)\b"),
    _p(
        "related or recommended links",
        14,
        r"^\s*(related|read (more|next|also)|more (from|on|in|stories|news)|recommended|see also|"
        r"you (may|might) (also )?like|most (read|popular|viewed|shared)|trending|top stories|"
        r"latest (news|stories)|popular|editor'?s picks|what to read next|also read|auch interessant|"
        r"lire aussi|mehr zum thema|weitere artikel)\b",
    ),
    _p(
        "copyright or footer line",
        40,
        r"(©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b|\bterms (of (use|service)|and conditions)\b|"
        r"\bprivacy (policy|notice|statement)\b|\bimpressum\b|\bdatenschutz\b|\bmentions légales\b)",
        "\u00a9 (c) copyright reserved terms privacy impressum datenschutz mentions",
    ),
    _p("advertisement label", 6, r"^\s*(advertisement|advertising|sponsored|ad|anzeige|publicité|publicidad)\b"),
    _p(
        "comment form or prompt",
        30,
        r"\b(leave a (comment|reply)|post a comment|comments? (are|is) closed|\d+\s+comments?\b|"
        r"your email address will not be published|required fields are marked|join the (conversation|discussion)|"
        r"show comments|view comments|add a comment|commenting)\b",
    ),
    _p(
        "trust or standards line",
        30,
        r"\b(our standards|trust principles|editorial (standards|guidelines|policy)|fact[- ]check(ing)? policy|"
        r"corrections policy|ethics policy)\b",
    ),
    _p(
        "photo or video credit",
        25,
        r"^\s*(photo|image|picture|video|graphic|illustration|credit|foto|bild)s?\s*(credit)?\s*[:/]"
        r"|\((photo|image|foto)\s*:[^)]*\)\s*$|\b(getty images|shutterstock|via reuters|via ap|afp via)\b",
    ),
    _p(
        "page controls",
        8,
        r"^\s*(menu|search|close|skip to (main )?content|back to top|next|previous|prev|load more|"
        r"show more|see more|continue reading|read more|open|toggle navigation|print|listen|"
        r"listen to (this )?(article|story)|loading\.*|home|page \d+( of \d+)?|(image|photo|slide) \d+ (of|/) \d+|"
        r"back to (gallery|article|top)|view (gallery|photos)|enlarge( this image)?|expand|collapse)\s*[.:…]*\s*$",
    ),
    _p(
        "reading time or audio notice",
        12,
        r"^\s*\d+\s*(min(ute)?s?|mins?)\s*(read|to read|listen)\b|\breading time\b|\blisten to this\b|"
        r"\baudio (report|version)\b",
    ),
    _p(
        "scraper placeholder",
        6,
        r"^\s*[-–•]?\s*\[email(\s|&#160;)*protected\]\s*$|^\s*loading( [\w ]+)?(\s?\.){2,}\s*$|"
        r"javascript (is )?(disabled|required)|enable javascript|your browser does not support",
    ),
    _p(
        "tag or topic list",
        30,
        r"^\s*(tags|keywords|topics|filed under|categories|category|themen|schlagworte|mots-clés)\s*:",
    ),
    _p(
        "sign-off",
        40,
        r"^\s*\(?\s*(additional\s+)?(reporting|writing|editing|compiled|research) by\b"
        r"|^\s*\(?\s*editing by\b|^\s*contact (the )?(writer|reporter|author)|^\s*(write|email|e-mail) to\b",
    ),
    _p("separator line", 0, r"^[\s_\-=*.·•|~#]*$"),
)


_LIMITS = tuple((pattern, math.inf if pattern.max_words == 0 else max(pattern.max_words, 0)) for pattern in PATTERNS)
"""Each pattern with the most words a block it applies to may have (0: any number)."""


def match(text: str, words: int) -> Pattern | None:
    """The furniture pattern a block of `words` words matches, if any."""
    screen: str | None = None
    for pattern, limit in _LIMITS:
        if words > limit:
            continue
        if pattern.needs:
            screen = screened(text) if screen is None else screen
            if not any(word in screen for word in pattern.needs):
                continue
        if pattern.regex.search(text):
            return pattern
    return None
