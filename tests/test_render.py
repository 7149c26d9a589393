"""Rendering helpers: indentation stripping keeps preformatted content intact."""

from __future__ import annotations

from generator.site.assets import minify_css
from generator.site.render import strip_indentation


def test_indentation_is_stripped_outside_preformatted_elements() -> None:
    html = "<div>\n    <p>x</p>\n  <pre>\n    code\n  </pre>\n  <b>y</b>\n<textarea>\n  t</textarea>\n  <i>z</i>"
    assert (
        strip_indentation(html)
        == "<div>\n<p>x</p>\n<pre>\n    code\n  </pre>\n<b>y</b>\n<textarea>\n  t</textarea>\n<i>z</i>"
    )


def test_css_minifier_keeps_rules_and_values() -> None:
    css = '/* note */\n.a  >  b {\n  color: red;\n  margin: 0 auto;\n}\n@media (max-width: 40rem) {\n  .c { content: "a b"; }\n}\n'
    assert minify_css(css) == '.a>b{color: red;margin: 0 auto}@media (max-width: 40rem){.c{content: "a b"}}\n'


def test_css_minifier_leaves_quoted_strings_alone() -> None:
    assert (
        minify_css('a::after { content: " <" attr(href) ">  ,  x"; }')
        == 'a::after{content: " <" attr(href) ">  ,  x"}\n'
    )


def test_figures_read_as_readers_write_them() -> None:
    from generator.model import Figure

    assert Figure(11000, "soldiers", approximate=True).display == "about 11,000 soldiers"
    assert Figure(2.5, "million shells", approximate=False).display == "2.5 million shells"
    assert Figure(3, "years", approximate=True).display == "about 3 years"
    assert Figure(1, "year", approximate=False).display == "1 year"
    assert Figure(2019, "year", approximate=False).display == "2019"  # a calendar year, not 2,019 years
