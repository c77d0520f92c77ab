"""tournaments/safe_html.py keeps format_html's contract: values escaped, markup kept."""

from django.utils.html import format_html as django_format_html
from django.utils.safestring import mark_safe
from markupsafe import Markup

from tournaments.safe_html import format_html, format_html_join


def test_plain_values_are_escaped_as_django_escapes_them():
    html = format_html('<a href="{}">{}</a>', "/x/?a=1&b=2", "O'Neil <b>")
    assert html == django_format_html('<a href="{}">{}</a>', "/x/?a=1&b=2", "O'Neil <b>")
    assert html.__html__() == html  # the result is markup


def test_markup_of_either_library_is_kept_as_it_is():
    assert format_html("{} {}", Markup("<b>a</b>"), mark_safe("<i>b</i>")) == "<b>a</b> <i>b</i>"


def test_joined_rows_are_escaped_once_and_a_markup_separator_is_kept():
    rows = [(Markup("<b>1</b>"),), ("<2>",)]
    assert format_html_join(Markup("<br>"), "{}", rows) == "<b>1</b><br>&lt;2&gt;"
    assert format_html_join(" & ", "{}", [("a",), ("b",)]) == "a &amp; b"


def test_numbers_and_none_are_written_as_text():
    assert format_html("{}–{} {}", 2, 0, None) == "2–0 None"
