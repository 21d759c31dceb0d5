"""ValidationError itself: its attributes, its message, and how it shows the value given (an
enum member as its API string, a long value cut at 200 characters)."""

from __future__ import annotations

import pytest

from cdktf_batch import LogDriver, UnsupportedByProviderError, ValidationError


def test_attributes_keep_what_was_given() -> None:
    error = ValidationError("compute_resources.bid_percentage", "must be 0-100", 120)
    assert (error.argument, error.allowed, error.value) == ("compute_resources.bid_percentage", "must be 0-100", 120)
    assert str(error) == "compute_resources.bid_percentage: must be 0-100, got 120"
    assert isinstance(error, ValueError)


def test_the_value_can_be_left_out_of_the_message() -> None:
    error = UnsupportedByProviderError("a", "not in provider 5", 1, show_value=False)
    assert str(error) == "a: not in provider 5"
    assert error.value == 1


def test_an_enum_member_shows_as_its_api_string() -> None:
    assert str(ValidationError("a", "b", LogDriver.AWSLOGS)) == "a: b, got 'awslogs'"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("x" * 198, "'" + "x" * 198 + "'"),  # a repr of 200 characters is shown whole
        ("x" * 199, "'" + "x" * 196 + "..."),  # 201: cut to 197 and marked
    ],
)
def test_a_long_value_is_cut_at_200_characters(value: str, shown: str) -> None:
    assert str(ValidationError("a", "b", value)) == f"a: b, got {shown}"
