"""The check functions of `cdktf_batch._validation`, called directly: each message exactly as a
user reads it (the argument, what is allowed, what was given), and the last accepted value
beside the first refused one. The construct-level table is tests/test_validation.py."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from enum import Enum
from typing import Any, NoReturn

import jsii
import pytest

from cdktf_batch import ValidationError
from cdktf_batch import _validation as v
from tests.engine import App, Fn, TerraformStack, TerraformVariable, Token, aws, core

HOUR = datetime.timedelta(hours=1)
NUMBER_TOKEN = Token.as_number(Fn.abs(4))
STRING_TOKEN = Token.as_string(Fn.merge([{"a": "b"}]))  # a map written where a map is expected


class Color(Enum):
    RED = "red"
    BLUE = "blue"


def _raise(error: Exception) -> NoReturn:
    raise error


# fmt: off
REFUSED: list[tuple[str, Callable[[], Any], str]] = [
    ("bool", lambda: v.check_bool("a", "yes"), "a: must be True or False, got 'yes'"),
    ("integer-type", lambda: v.check_integer("a", "1", minimum=0), "a: must be an integer of at least 0, got '1'"),
    ("integer-fraction", lambda: v.check_integer("a", 1.5, maximum=9), "a: must be an integer of at most 9, got 1.5"),
    ("integer-below", lambda: v.check_integer("a", -1, minimum=0, maximum=9), "a: must be an integer from 0 to 9, got -1"),
    ("integer-above", lambda: v.check_integer("a", 10, minimum=0, maximum=9), "a: must be an integer from 0 to 9, got 10"),
    ("integer-bool", lambda: v.check_integer("a", True), "a: must be an integer, got True"),
    ("number-type", lambda: v.check_number("a", "x", minimum=1), "a: must be a number of at least 1, got 'x'"),
    ("number-inf", lambda: v.check_number("a", float("inf")), "a: must be a number, got inf"),
    ("number-above", lambda: v.check_number("a", 2.5, minimum=0.5, maximum=2), "a: must be a number from 0.5 to 2, got 2.5"),
    ("string-type", lambda: v.check_string("a", 5), "a: must be a string, got 5"),
    ("string-type-object", lambda: v.check_string("a", {"b": 1}), "a: must be a string, got 'dict'"),
    ("string-short", lambda: v.check_string("a", "", min_length=1), "a: must not be empty, got ''"),
    ("string-long", lambda: v.check_string("a", "abcd", max_length=3), "a: must have at most 3 characters, got 'abcd'"),
    ("string-rule", lambda: v.check_string("a", "abcd", max_length=3, rule="must be short"), "a: must be short, got 'abcd'"),
    ("string-list-type", lambda: v.check_string_list("a", "x"), "a: must be a list of strings, got 'x'"),
    ("string-list-item", lambda: v.check_string_list("a", ["x", 3]), "a[1]: must be a string, got 3"),
    ("string-list-empty-item", lambda: v.check_string_list("a", ["x", ""]), "a[1]: must not be empty, got ''"),
    ("string-list-few", lambda: v.check_string_list("a", ["x"], min_items=2), "a: must have at least 2 item(s), got ['x']"),
    ("string-map-type", lambda: v.check_string_map("a", ["x"]), "a: must be a mapping of strings to strings, got ['x']"),
    ("string-map-empty-key", lambda: v.check_string_map("a", {"": "x"}), "a: keys must be non-empty strings, got ''"),
    ("string-map-value", lambda: v.check_string_map("a", {"k": 1}), "a['k']: must be a string, got 1"),
    ("exclusive-both", lambda: v.check_exclusive(["a", "b"], [1, 2], required=False), "b: give a or b, not both, got {'a': 1, 'b': 2}"),
    ("exclusive-none", lambda: v.check_exclusive(["a", "b"], [None, None], required=True), "a: give one of a or b"),
    ("duration-type", lambda: v.check_duration("a", 60), "a: must be a datetime.timedelta, got 60"),
    ("duration-type-object", lambda: v.check_duration("a", [1]), "a: must be a datetime.timedelta, got 'list'"),
    ("duration-unit", lambda: v.check_duration("a", datetime.timedelta(seconds=90), unit="minutes"), "a: must be a whole number of minutes, got datetime.timedelta(seconds=90)"),
    ("duration-below", lambda: v.check_duration("a", datetime.timedelta(minutes=9), minimum=600, maximum=3600), "a: must be from 600 to 3600 seconds, got datetime.timedelta(seconds=540)"),
    ("duration-above", lambda: v.check_duration("a", 2 * HOUR, maximum=60, unit="minutes"), "a: must be of at most 60 minutes, got datetime.timedelta(seconds=7200)"),
    ("type-none", lambda: v.check_type("a", None, int, "a count"), "a: must be a count, got None"),
    ("type-object", lambda: v.check_type("a", object(), int, "a count"), "a: must be a count, got 'object'"),
    ("number-type-range", lambda: v.check_number("a", "x", minimum=1, maximum=2), "a: must be a number from 1 to 2, got 'x'"),
    ("number-nan-maximum", lambda: v.check_number("a", float("nan"), maximum=2), "a: must be a number of at most 2, got nan"),
    ("integer-type-range", lambda: v.check_integer("a", None, minimum=1, maximum=2), "a: must be an integer from 1 to 2, got None"),
    ("string-pattern", lambda: v.check_string("a", "ab", pattern=re.compile("a")), "a: must match a, got 'ab'"),
    ("string-map-key-type", lambda: v.check_string_map("a", {1: "x"}), "a: keys must be non-empty strings, got 1"),
    ("list-few-one", lambda: v.check_list("a", [], int, min_items=1), "a: must have at least one int, got []"),
    ("list-few-two", lambda: v.check_list("a", [1], int, min_items=2), "a: must have at least 2 int, got [1]"),
    ("list-article-consonant", lambda: v.check_list("a", ["x"], int, name="Xray"), "a[0]: must be a Xray, got 'x'"),
    ("list-article-vowel", lambda: v.check_list("a", ["x"], int, name="EcsTaskContainer"), "a[0]: must be an EcsTaskContainer, got 'x'"),
    ("list-article-you", lambda: v.check_list("a", ["x"], int, name="Ulimit"), "a[0]: must be a Ulimit, got 'x'"),
    ("list-article-un", lambda: v.check_list("a", ["x"], int, name="UnknownThing"), "a[0]: must be an UnknownThing, got 'x'"),
    ("choice", lambda: v.check_choice("a", "green", Color), "a: must be one of blue, red, got 'green'"),
    ("fail", lambda: _raise(v.fail("a", "give b")), "a: give b, got None"),
    ("fail-without-value", lambda: _raise(v.fail("a", "give b", 1, show_value=False)), "a: give b"),
]

ACCEPTED: list[tuple[str, Callable[[], Any], Any]] = [
    ("integer-bounds", lambda: (v.check_integer("a", 0, minimum=0, maximum=9), v.check_integer("a", 9, minimum=0, maximum=9)), (None, None)),
    ("integer-whole-float", lambda: v.check_integer("a", 4.0, minimum=4), None),
    ("number-bounds", lambda: (v.check_number("a", 0.5, minimum=0.5, maximum=2), v.check_number("a", 2, minimum=0.5, maximum=2)), (None, None)),
    ("string-lengths", lambda: (v.check_string("a", "a", min_length=1), v.check_string("a", "abc", max_length=3)), (None, None)),
    ("string-list", lambda: v.check_string_list("a", ["x", "y"], min_items=2), ("x", "y")),
    ("string-map-sorted", lambda: list(v.check_string_map("a", {"b": "2", "a": "1"}).items()), [("a", "1"), ("b", "2")]),
    ("exclusive-one", lambda: v.check_exclusive(["a", "b"], [None, 2], required=True), None),
    ("exclusive-neither-optional", lambda: v.check_exclusive(["a", "b"], [None, None], required=False), None),
    ("duration-bounds", lambda: (v.check_duration("a", datetime.timedelta(minutes=10), minimum=600, maximum=3600), v.check_duration("a", HOUR, minimum=600, maximum=3600)), (600, 3600)),
    ("duration-minutes", lambda: v.check_duration("a", 2 * HOUR, maximum=120, unit="minutes"), 120),
    ("number-token", lambda: v.check_number("a", Token.as_number(Fn.abs(4)), minimum=0, maximum=1), None),
    ("integer-token", lambda: v.check_integer("a", Token.as_number(Fn.abs(4)), minimum=0, maximum=1), None),
    ("string-list-number-token", lambda: v.check_string_list("a", ["x", NUMBER_TOKEN]), ("x", NUMBER_TOKEN)),
    ("string-map-token", lambda: v.check_string_map("a", STRING_TOKEN) == STRING_TOKEN, True),
    ("duration-token", lambda: v.check_duration("a", NUMBER_TOKEN, maximum=1) == NUMBER_TOKEN, True),
    ("choice-member-and-value", lambda: (v.check_choice("a", Color.RED, Color), v.check_choice("a", "blue", Color)), (Color.RED, Color.BLUE)),
    ("choice-token", lambda: v.check_choice("a", STRING_TOKEN, Color) == STRING_TOKEN, True),
    ("log-retention-token", lambda: v.check_log_retention("a", NUMBER_TOKEN) == NUMBER_TOKEN, True),
    # a name with a token is never checked, even one whose literal start is reserved
    ("environment-name-token", lambda: v.check_environment_name("a", "AWS_BATCH_" + STRING_TOKEN), None),
    ("string-pattern-match", lambda: v.check_string("a", "a", pattern=re.compile("a")), None),
    ("string-list-empty", lambda: v.check_string_list("a", []), ()),
    ("list-empty", lambda: v.check_list("a", [], int), ()),
    ("list-bounds", lambda: (v.check_list("a", [1], int, min_items=1, max_items=1), v.check_list("a", [1, 2], int, min_items=2)), ((1,), (1, 2))),
]
# fmt: on


@pytest.mark.parametrize(("call", "message"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_refused_with_the_exact_message(call: Callable[[], Any], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        call()
    assert str(caught.value) == message
    assert caught.value.argument == message.split(":", 1)[0]


@pytest.mark.parametrize(("call", "expected"), [case[1:] for case in ACCEPTED], ids=[case[0] for case in ACCEPTED])
def test_accepted_at_the_boundary(call: Callable[[], Any], expected: Any) -> None:
    assert call() == expected


def test_case_ids_are_unique() -> None:
    ids = [case[0] for case in REFUSED + ACCEPTED]  # type: ignore[operator]
    assert len(ids) == len(set(ids))


@jsii.implements(core.IResolvable)
class PythonResolvable:
    """An IResolvable written in Python: a token, though the jsii kernel has not seen it yet."""

    @property
    def creation_stack(self) -> list[str]:
        return []

    def resolve(self, _context: Any) -> Any:
        return 5


def test_what_counts_as_an_unresolved_token() -> None:
    stack = TerraformStack(App(), "tokens")
    queue = aws.batch_job_queue.BatchJobQueue(stack, "Queue", name="q", priority=1, state="ENABLED")
    text = TerraformVariable(stack, "text", type="string").string_value
    items = TerraformVariable(stack, "items", type="list(string)").list_value
    number = TerraformVariable(stack, "number", type="number").number_value
    tokens = [
        text,
        f"prefix-{text}",
        items,
        tuple(items),
        Fn.element(items, 0),
        number,
        ["a", text],
        ("a", number),
        queue.compute_environment_order,  # a jsii object that is a token (a list attribute)
        PythonResolvable(),  # a class of jsii's (IResolvable's) with no kernel reference yet
    ]
    assert [v.is_unresolved(value) for value in tokens] == [True] * len(tokens)
    plain = [None, True, False, "", "a", "${not a token}", "#{not a token}", 0, -1e300, 1.5, [], ["a", 1],
             ["#{not a token}"], datetime.timedelta(seconds=1), stack, queue]  # fmt: skip
    assert [v.is_unresolved(value) for value in plain] == [False] * len(plain)
