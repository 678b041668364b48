import pytest

from crosswire.extract.dates import resolve
from crosswire.extract.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    "text, value, high, qualifier",
    [
        ("at least 745", 745, None, "at_least"),
        ("more than 250", 250, None, "more_than"),
        ("nearly 60", 60, None, "almost"),
        ("some 3000", 3000, None, "about"),
        ("an estimated 4,500", 4500, None, "about"),
        ("up to 90", 90, None, "up_to"),
        ("between 5,000-40,000", 5000, 40000, "range"),
        ("from 20 to 30", 20, 30, "range"),
        ("700,000-800,000", 700000, 800000, "range"),
        ("five million", 5_000_000, None, "exact"),
        ("twenty-five", 25, None, "exact"),
        ("hundreds", None, None, "vague"),
        ("many thousands", None, None, "vague"),
    ],
)
def test_number_expressions(text, value, high, qualifier):
    [n] = find_numbers(text)
    assert (n.value, n.high, n.qualifier) == (value, high, qualifier)


def test_two_counts_joined_by_and_are_not_a_range():
    nums = find_numbers("more than 40 soldiers and 12 civilians")
    assert [(n.value, n.qualifier) for n in nums] == [(40, "more_than"), (12, "exact")]


def test_parse_number():
    assert parse_number("1,000") == 1000
    assert parse_number("3.5 million") == 3_500_000


@pytest.mark.parametrize(
    "text, published, value, precision",
    [
        ("last Thursday", "2025-03-10", "2025-03-06", "day"),
        ("on Sunday", "2025-03-10", "2025-03-09", "day"),
        ("March 6th", "2025-03-10", "2025-03-06", "day"),
        ("December", "2025-03-10", "2024-12", "month"),
        ("early March", "2025-03-10", "2025-03", "month"),
        ("February 1982", None, "1982-02", "month"),
        ("the 1920s", None, "1920", "decade"),
        ("Sunday", None, None, "day"),
    ],
)
def test_dates_resolve_against_publication(text, published, value, precision):
    r = resolve(text, published)
    assert (r.value, r.precision) == (value, precision)
