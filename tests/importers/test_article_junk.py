"""Junk in every section of an article (issue 12, item 6): a line the reader cannot read is
never accepted silently. Inside a section that holds facts (the infobox, the general
table, a round's results, the goalscorers list) it is an error naming FILE:LINE; where no
fact follows it (prose sections, after a list's last fact) one warning names its first
line. Prose, however worded, is still read for the rules and not warned about."""

import pytest

from tournaments.importers.article import parse_article
from tournaments.importers.records import ImportFailed

from .conftest import APERTURA_2011

JUNK = "@@@ junk @@@"


@pytest.fixture(scope="module")
def apertura():
    return APERTURA_2011.read_text(encoding="utf-8")


def with_junk(text, before, junk=JUNK, count=1, occurrence=1):
    """`text` with `count` junk lines before the `occurrence`-th line starting `before`,
    and the line number of the first junk line."""
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines) if line.startswith(before)]
    at = starts[occurrence - 1]
    lines[at:at] = [junk] * count
    return "\n".join(lines) + "\n", at + 1


def warnings_of(text):
    return parse_article(text, "a.txt").warnings


@pytest.mark.parametrize(
    "before, occurrence, section",
    [
        ("- Country: Mexico", 1, "infobox"),
        ("| 1 | La Piedad", 1, "general table"),  # between the header and the first row
        ("| 3 | Neza", 1, "general table"),
        ("===First leg===", 1, "Quarter-finals"),  # after the round's prose, before a leg
        ("November 24, 2011", 1, "Quarter-finals"),  # between two legs
        ("  Correcaminos: 24' Torres", 1, "Quarter-finals"),  # between a result's scorers
        ("===Second leg===", 2, "Semi-finals"),  # at the end of a leg section
        (";4 goals", 1, "goalscorers list"),  # before the list's first heading
        (";3 goals", 1, "goalscorers list"),
    ],
)
def test_junk_inside_a_section_of_facts_is_an_error_naming_its_line(
    apertura, before, occurrence, section
):
    text, line = with_junk(apertura, before, occurrence=occurrence)
    with pytest.raises(ImportFailed) as error:
        parse_article(text, "a.txt")
    assert str(error.value) == f"a.txt:{line}: unreadable line {JUNK!r} inside the {section}"


def test_many_junk_lines_inside_a_section_are_one_error_with_their_count(apertura):
    text, line = with_junk(apertura, "| 3 | Neza", count=1000)
    with pytest.raises(ImportFailed) as error:
        parse_article(text, "a.txt")
    assert str(error.value) == (
        f"a.txt:{line}: unreadable line {JUNK!r} inside the general table "
        "(and 999 more unreadable lines after it)"
    )


@pytest.mark.parametrize(
    "before, place",
    [
        ("==Teams==", "after the infobox"),  # the introduction, after its prose
        ("- If the two teams are tied", "in the bracket"),  # among the bracket's prose
        ("==Quarter-finals==", "in the bracket"),
        ("==Goalscorers==", "after the Final"),  # after the final's winners box
    ],
)
def test_junk_where_no_fact_follows_is_one_warning_naming_its_first_line(apertura, before, place):
    text, line = with_junk(apertura, before, count=3)
    assert warnings_of(text) == [(line, f"3 unreadable lines {place}, ignored")]


def test_one_junk_line_is_quoted_in_its_warning(apertura):
    text, line = with_junk(apertura, "==Teams==")
    assert warnings_of(text) == [(line, f"unreadable line {JUNK!r} after the infobox, ignored")]


@pytest.mark.parametrize(
    "junk",
    [
        "lorem ipsum",
        "asdf",
        "12345 67890",
        "}}}}",
        "<<< >>> ###",
        "a b c d e f",
    ],
)
def test_words_that_are_no_sentence_are_not_read_as_prose(apertura, junk):
    text, line = with_junk(apertura, "==Teams==", junk=junk)
    assert warnings_of(text) == [(line, f"unreadable line {junk!r} after the infobox, ignored")]


@pytest.mark.parametrize(
    "prose",
    [
        "The Liguilla of the Clausura 2012 was the final phase of the season.",
        "All times are local (UTC−5).",
        "Note: the final was played in December after a long break",
        "'''León''' won their fifth title in the [[Estadio León]] after a long campaign",
    ],
)
def test_prose_in_any_wording_is_read_without_a_warning(apertura, prose):
    for before in ("==Teams==", "==Quarter-finals==", "===First leg==="):
        text, _line = with_junk(apertura, before, junk=prose)
        assert warnings_of(text) == []


@pytest.mark.parametrize(
    "item", ["- Teams are re-seeded every round", "* The winner qualifies to the final"]
)
def test_a_list_of_prose_in_the_bracket_is_read_without_a_warning(apertura, item):
    text, _line = with_junk(apertura, "==Quarter-finals==", junk=item)
    assert warnings_of(text) == []


def test_a_bracket_drawing_is_one_warning_that_it_is_not_read(apertura):
    drawing = "{{8TeamBracket\n| RD1-team1 = León\n| RD1-score1 = 3\n}}"
    text = apertura.replace("==Quarter-finals==", drawing + "\n\n==Quarter-finals==", 1)
    line = text.splitlines().index("| RD1-team1 = León") + 1
    assert warnings_of(text) == [
        (line, "2 lines of a bracket drawing are not read (the site draws it from the results)")
    ]


def test_a_million_junk_lines_in_the_bracket_prose_are_not_accepted_silently(apertura):
    text, line = with_junk(apertura, "==Quarter-finals==", junk="x", count=1_000_000)
    assert warnings_of(text) == [(line, "1000000 unreadable lines in the bracket, ignored")]
