"""The publication date of a web page: printed dates around the headline against the declared one."""

from __future__ import annotations

from generator.ingest.extraction.webdate import PageDates, choose_published, declared_day


def page(
    declared: str | None = None,
    extracted: str | None = None,
    above: tuple[str, ...] = (),
    below: tuple[str, ...] = (),
) -> PageDates:
    return PageDates(declared, extracted, list(above), list(below), [*above, "Headline", *below])


def test_a_date_only_field_stored_as_utc_midnight_east_of_greenwich_is_the_next_day() -> None:
    assert declared_day("2022-11-06T23:00:00.000Z") == "2022-11-07"
    assert declared_day("2021-11-04T22:00Z") == "2021-11-05"
    assert declared_day("2021-11-04T23:00:00+00:00") == "2021-11-05"
    # any other time is the day it says
    assert declared_day("2021-11-04T23:10:00Z") == "2021-11-04"
    assert declared_day("2021-11-04T23:00:00+02:00") == "2021-11-04"


def test_the_printed_date_that_is_the_declared_day_wins_over_an_earlier_one() -> None:
    found = choose_published(
        page("2022-12-25T11:00:02+00:00", "2022-12-25", below=("Anna Writer", "2022-12-07T10:10+01:00", "25 Dec 2022"))
    )
    assert found == ("2022-12-25", "25 Dec 2022")


def test_a_date_just_above_the_headline_counts_when_it_is_the_declared_day() -> None:
    found = choose_published(
        page("2022-05-04T01:10:21-04:00", "2022-05-04", above=("Wednesday 04 May 2022 | 01:10",), below=("1 May 2022",))
    )
    assert found == ("2022-05-04", "Wednesday 04 May 2022 | 01:10")


def test_a_written_timestamp_may_be_a_time_zones_day_from_the_printed_date() -> None:
    found = choose_published(page("2022-05-05T21:00:00-05:00", "2022-05-05", above=("6 May 2022 - 2:00 a.m.",)))
    assert found == ("2022-05-06", "6 May 2022 - 2:00 a.m.")


def test_trafilaturas_reading_alone_is_not_shifted_by_a_day() -> None:
    found = choose_published(page(None, "2019-02-10", above=("9 February 2019",)))
    assert found[0] == "2019-02-10"


def test_slashed_dates_are_read_day_first_or_month_first_whichever_is_the_declared_day() -> None:
    assert choose_published(page("2022-05-04T00:44:52Z", "2022-05-04", below=("03/05/2022 21:44",)))[0] == "2022-05-03"
    assert choose_published(page("2022-03-05T10:00:00Z", "2022-03-05", below=("03/05/2022",)))[0] == "2022-03-05"


def test_a_two_digit_year_with_dots_is_read_day_first() -> None:
    found = choose_published(page("2023-11-06T11:45:20+00:00", "2023-11-06", below=("A. Writer | 06.11.23",)))
    assert found == ("2023-11-06", "A. Writer | 06.11.23")


def test_a_date_inside_the_headline_is_not_below_it() -> None:
    # the caller passes the lines after the headline's own lines: the headline's `19.5.2007` is never seen
    found = choose_published(page(None, None, below=("by A. Writer", "20 May 2007")))
    assert found == ("2007-05-20", "20 May 2007")


def test_a_date_printed_under_the_headline_wins_over_a_declared_date_months_away() -> None:
    found = choose_published(page("2019-10-15T16:59:59Z", "2019-10-15", below=("A. Writer", "Updated Mar 12, 2020")))
    assert found == ("2020-03-12", "Updated Mar 12, 2020")


def test_a_date_labelled_as_something_else_does_not_replace_the_declared_one() -> None:
    found = choose_published(page("2019-11-27T10:00:00+01:00", "2019-11-27", below=("Termin: 21.02.2020, 19 Uhr",)))
    assert found == ("2019-11-27", "2019-11-27T10:00:00+01:00")


def test_a_bare_printed_date_beats_a_date_only_trafilatura_guessed() -> None:
    found = choose_published(page(None, "2020-06-02", below=("Interview: A. Writer", "31.03.2020")))
    assert found == ("2020-03-31", "31.03.2020")


def test_a_printed_date_a_year_from_the_guess_is_another_event() -> None:
    found = choose_published(page(None, "2020-02-14", below=("1975-01-28",)))
    assert found == ("2020-02-14", "the page's metadata")


def test_a_printed_date_far_down_the_page_does_not_replace_the_guess() -> None:
    filler = tuple(f"line {n}" for n in range(15))
    found = choose_published(page(None, "2020-06-02", below=(*filler, "31.03.2020")))
    assert found[0] == "2020-06-02"
