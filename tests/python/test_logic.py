# SPDX-License-Identifier: MIT
"""carecompare.logic: JsonLogic on plain Python values, as json-logic-js 2.x behaves."""
import json
import os
from pathlib import Path

import pytest

from carecompare import LogicError, logic

from conftest import ROOT


@pytest.mark.parametrize("rule, data, expected", [
    # loose and strict equality
    ({"==": [1, "1"]}, None, True),
    ({"==": [0, False]}, None, True),
    ({"==": [None, False]}, None, False),
    ({"===": [1, "1"]}, None, False),
    ({"!=": ["abc", "abc"]}, None, False),
    # truthiness: [] is falsy, "0" is truthy
    ({"!!": [[]]}, None, False),
    ({"!!": ["0"]}, None, True),
    ({"if": [[], "yes", "no"]}, None, "no"),
    ({"or": [0, "", "x"]}, None, "x"),
    # var: dotted paths, numeric indexes, defaults, whole data
    ({"var": "a.b"}, {"a": {"b": [1, 2]}}, [1, 2]),
    ({"var": 1}, ["zero", "one"], "one"),
    ({"var": "a.1"}, {"a": ["x", "y"]}, "y"),
    ({"var": ["missing", 7]}, {"present": 1}, 7),
    ({"var": ["x", "fallback"]}, None, "fallback"),
    ({"var": ""}, {"k": True}, {"k": True}),
    ({"missing": ["a", "b"]}, {"a": 1}, ["b"]),
    # arithmetic: strings parsed like parseFloat, integral results are ints
    ({"+": [1, "2"]}, None, 3),
    ({"*": [2, "3.5"]}, None, 7),
    ({"/": [1, 4]}, None, 0.25),
    ({"-": [5]}, None, -5),
    ({"%": [7, 4]}, None, 3),
    ({"max": [1, 3, 2]}, None, 3),
    ({"<": [1, 2, 3]}, None, True),
    # cat prints numbers as JavaScript does
    ({"cat": ["a", 1.0, " ", 1.5, " ", 0.1]}, None, "a1 1.5 0.1"),
    ({"cat": [1e21, "|", 1e-7]}, None, "1e+21|1e-7"),
    ({"cat": [None, True, [1, 2]]}, None, "true1,2"),
    # arrays and strings
    ({"in": ["bone", {"var": "sites"}]}, {"sites": ["bone", "liver"]}, True),
    ({"in": ["Spring", "Springfield"]}, None, True),
    ({"merge": [[1], [2, [3]], 4]}, None, [1, 2, [3], 4]),
    ({"map": [{"var": "xs"}, {"*": [{"var": ""}, 2]}]}, {"xs": [1, 2, 3]}, [2, 4, 6]),
    ({"reduce": [{"var": "xs"}, {"+": [{"var": "current"}, {"var": "accumulator"}]}, 0]},
     {"xs": [1, 2, 3, 4]}, 10),
    ({"some": [{"var": "sites"}, {"in": [{"var": ""}, ["bone", "brain"]]}]}, {"sites": ["liver", "brain"]}, True),
    ({"substr": ["jsonlogic", -5]}, None, "logic"),
    # non-rules pass through
    ([1, "a", None], None, [1, "a", None]),
    ({"and": []}, None, None),
])
def test_apply_matches_json_logic_js(rule, data, expected):
    result = logic.apply(rule, data)
    assert result == expected
    assert type(result) is type(expected)  # ints stay ints, bools stay bools


def test_numbers_are_javascript_numbers_and_integral_ones_come_back_as_int():
    assert type(logic.apply({"+": [1, 2]})) is int
    assert type(logic.apply({"+": [1.5, 1.5]})) is int
    assert type(logic.apply({"var": "x"}, {"x": 2})) is int
    assert type(logic.apply({"var": "x"}, {"x": 2.5})) is float
    assert logic.apply({"var": "x"}, {"x": [2.0, 1]}) == [2.0, 1]  # JSON handed back as it was given
    assert logic.apply({"var": "big"}, {"big": 2 ** 63}) == 2 ** 63  # beyond 2**53: a float, as in JS
    assert logic.apply({"/": [1, 0]}) is None  # Infinity: what JSON.stringify writes


def test_data_defaults_to_none():
    assert logic.apply({"var": "a"}) is None
    assert logic.apply(True) is True


def test_tuples_are_arrays():
    assert logic.apply({"in": [2, {"var": "xs"}]}, {"xs": (1, 2)}) is True


def test_compile_once_apply_many():
    rule = logic.compile({"if": [{"<": [{"var": "n"}, 2]}, "few", "many"]})
    assert isinstance(rule, logic.Rule)
    assert [rule.apply({"n": n}) for n in range(4)] == ["few", "few", "many", "many"]
    assert rule.test({"n": 1}) is True
    assert rule.source == {"if": [{"<": [{"var": "n"}, 2]}, "few", "many"]}
    assert logic.apply(rule, {"n": 5}) == "many"
    assert repr(rule).startswith("logic.Rule(")


def test_compile_passes_switch_keeps_the_results():
    source = {"and": [{"in": [{"var": "site"}, ["a", "b", "c", "d", "e", "f", "g", "bone"]]}, {"+": [1, 2]}]}
    for passes in ("all", "none", "constant_fold", "text_set", "var_slots", "bind", "text_set,constant_fold"):
        rule = logic.compile(source, passes=passes)
        assert [rule.apply({"site": s}) for s in ("bone", "liver")] == [3, False], passes
        assert rule.source == source
    for bad in ("", "fold", "constant_fold,", "All"):
        with pytest.raises(ValueError, match="names of passes"):
            logic.compile(source, passes=bad)
    with pytest.raises(TypeError):
        logic.compile(source, "none")  # passes is keyword-only


def test_truthy():
    assert [logic.truthy(v) for v in (None, False, 0, "", [], "0", {}, [0], 0.5)] == [
        False, False, False, False, False, True, True, True, True]


@pytest.mark.parametrize("rule, path, code", [
    ({"and": [True, {"nope": 1}]}, "/and/1", 501),
    ({"nope": [1]}, "", 501),
    ({"if": [True, {"or": [{"a.b": []}]}]}, "/if/1/or/0", 501),
    ({"*": []}, "", 502),
])
def test_compile_errors_have_a_path(rule, path, code):
    with pytest.raises(LogicError) as info:
        logic.apply(rule)
    assert isinstance(info.value, ValueError)
    assert info.value.path == path
    assert info.value.id == code
    with pytest.raises(LogicError):
        logic.compile(rule)


def test_values_without_json_form_are_logic_errors():
    with pytest.raises(LogicError) as info:
        logic.apply({"in": [1, {1, 2}]})
    assert info.value.path == "/in/1" and "rule" in str(info.value) and "set" in str(info.value)
    with pytest.raises(LogicError) as info:
        logic.apply({"var": "x"}, {"x": [float("nan")]})
    assert info.value.path == "/x/0" and "data" in str(info.value)


def test_deep_rule_is_an_error_not_a_crash():
    rule = True
    for _ in range(1000):
        rule = {"!": [rule]}
    with pytest.raises(LogicError):
        logic.apply(rule)


def shared_dir():
    return Path(os.environ.get("CARECOMPARE_SHARED_DIR", ROOT.parent / "shared"))


def conformance_cases():
    path = shared_dir() / "conformance" / "jsonlogic" / "tests.json"
    if not path.is_file():
        return []
    return [case for case in json.loads(path.read_text(encoding="utf-8")) if not isinstance(case, str)]


@pytest.mark.skipif(not conformance_cases(), reason="JsonLogic conformance suite not found (shared/conformance)")
def test_conformance_suite():
    failures = []
    cases = conformance_cases()
    for rule, data, expected in cases:
        got = logic.apply(rule, data)
        if got != expected or (isinstance(expected, bool) != isinstance(got, bool)):
            failures.append((rule, data, expected, got))
    assert failures == [], f"{len(failures)} of {len(cases)} cases differ"
