# SPDX-License-Identifier: MIT
"""Loading, inspecting and saving catalogs from Python; CatalogError with its path and problems."""
import datetime
import json
import os
import pickle

import pytest

import carecompare
from carecompare import Catalog, CatalogError, Problem, Strategy

from conftest import BUILTIN_JSON

ARTICLE_IDS = [
    "systemic-therapy", "radiation-therapy", "physical-therapy", "nutrition", "physical-activity",
    "pain-management", "emotional-support", "monitoring", "clinical-trials",
]


# ---- builtin and its fields ----------------------------------------------------------------

def test_builtin_catalog_fields(builtin):
    doc = json.loads(BUILTIN_JSON.read_text(encoding="utf-8"))
    assert builtin.id == "metastatic-breast-cancer" == doc["id"]
    assert builtin.title == doc["title"]
    assert builtin.version == doc["version"]
    assert builtin.disclaimer == doc["disclaimer"]
    assert "informational purposes" in builtin.disclaimer
    assert builtin.published == doc["published"]
    assert builtin.last_reviewed == doc["last_reviewed"]
    assert builtin.locale == "en"
    assert builtin.condition == doc["condition"]
    assert builtin.sources == doc["sources"]
    assert builtin.vocabulary == doc["vocabulary"]
    assert builtin.columns == doc["columns"]
    assert builtin.rules == doc["rules"]
    assert builtin.facts == []
    assert builtin.warnings == []
    assert repr(builtin) == "<Catalog 'metastatic-breast-cancer' 1.0.0: 9 strategies, 12 rules>"


def test_builtin_is_the_data_file(builtin):
    assert builtin == Catalog.from_file(BUILTIN_JSON)
    assert builtin.to_dict() == json.loads(BUILTIN_JSON.read_text(encoding="utf-8"))


def test_strategies_are_objects_with_the_fields_as_attributes(builtin):
    strategies = builtin.strategies
    assert [s.id for s in strategies] == ARTICLE_IDS
    systemic = strategies[0]
    assert isinstance(systemic, Strategy)
    assert systemic.name == "Systemic Therapy"
    assert systemic.purpose == "Targets cancer cells system-wide"
    assert systemic.use_cases[0] == "Used when cancer has spread to multiple areas"
    assert systemic.kind == "treatment"
    assert systemic.scope == "systemic"
    assert builtin.strategy("physical-therapy").scope == "whole-person"
    assert isinstance(systemic.benefits, list) and systemic.benefits
    assert isinstance(systemic.considerations, list) and systemic.considerations
    assert isinstance(systemic.care_team, list)
    assert systemic.sources and all(isinstance(s, str) for s in systemic.sources)
    assert repr(systemic) == ("Strategy(id='systemic-therapy', name='Systemic Therapy', "
                              "kind='treatment', scope='systemic')")


def test_strategy_fields_are_read_only(builtin):
    s = builtin.strategy("nutrition")
    with pytest.raises(AttributeError):
        s.name = "Food"
    names = s.use_cases
    names.append("changed")  # a copy: the catalog is immutable
    assert builtin.strategy("nutrition").use_cases == names[:-1]


def test_strategy_to_dict_equality_and_hash(builtin, builtin_dict):
    for s, d in zip(builtin.strategies, builtin_dict["strategies"]):
        assert s.to_dict() == d
        for field, value in d.items():
            assert getattr(s, field) == value
    assert builtin.strategy("nutrition") == builtin.strategies[3]
    assert builtin.strategy("nutrition") != builtin.strategies[4]
    assert builtin.strategy("nutrition") != "nutrition"
    assert len({builtin.strategy("nutrition"), builtin.strategies[3], builtin.strategies[4]}) == 2


def test_optional_strategy_lists_are_none_when_absent(builtin_dict):
    for key in ("benefits", "considerations", "care_team"):
        del builtin_dict["strategies"][1][key]
    s = Catalog.from_json(builtin_dict).strategy("radiation-therapy")
    assert (s.benefits, s.considerations, s.care_team) == (None, None, None)
    assert "benefits" not in s.to_dict()


def test_unknown_strategy_is_a_key_error(builtin):
    with pytest.raises(KeyError, match="radiotherapy"):
        builtin.strategy("radiotherapy")


def test_strategy_outlives_its_catalog(builtin_dict):
    s = Catalog.from_json(builtin_dict).strategies[2]  # the catalog object is gone at once
    assert s.name == "Physical Therapy"


def test_catalog_cannot_be_constructed_directly():
    with pytest.raises(TypeError):
        Catalog()


# ---- loading: file, text, dict -----------------------------------------------------------------

def test_from_file_takes_str_and_pathlike(tmp_path, builtin_dict):
    builtin_dict["title"] = "My catalog"
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(builtin_dict), encoding="utf-8")
    assert Catalog.from_file(path).title == "My catalog"
    assert Catalog.from_file(str(path)).title == "My catalog"

    class Wrapped(os.PathLike):
        def __fspath__(self):
            return str(path)

    assert Catalog.from_file(Wrapped()).title == "My catalog"


def test_from_file_missing_is_a_catalog_error_naming_the_file(tmp_path):
    missing = tmp_path / "nope.json"
    with pytest.raises(CatalogError) as info:
        Catalog.from_file(missing)
    assert str(missing) in str(info.value)
    assert info.value.path == ""
    assert info.value.id == 218
    assert info.value.problems[0].id == 218


def test_from_json_takes_str_bytes_and_dict(builtin, builtin_dict):
    text = BUILTIN_JSON.read_text(encoding="utf-8")
    assert Catalog.from_json(text) == builtin
    assert Catalog.from_json(text.encode("utf-8")) == builtin
    assert Catalog.from_json(builtin_dict) == builtin


def test_dict_round_trip(builtin):
    again = Catalog.from_json(builtin.to_dict())
    assert again == builtin
    assert again.to_dict() == builtin.to_dict()
    assert Catalog.from_json(builtin.to_json()).to_dict() == builtin.to_dict()


def test_to_json_indent(builtin):
    pretty = builtin.to_json()
    assert pretty.startswith('{\n  "')
    assert json.loads(pretty) == builtin.to_dict()
    compact = builtin.to_json(indent=None)
    assert "\n" not in compact and json.loads(compact) == builtin.to_dict()
    assert builtin.to_json(indent=4).startswith('{\n    "')


def test_pickle_round_trip(builtin):
    again = pickle.loads(pickle.dumps(builtin))
    assert again == builtin and again is not builtin


def test_dict_subclasses_and_tuples_convert(builtin_dict, builtin):
    from collections import OrderedDict

    builtin_dict["strategies"][0]["use_cases"] = tuple(builtin_dict["strategies"][0]["use_cases"])
    assert Catalog.from_json(OrderedDict(builtin_dict)) == builtin


# ---- errors --------------------------------------------------------------------------------

def test_bad_dict_is_a_catalog_error_with_the_path(builtin_dict):
    builtin_dict["strategies"][0]["kind"] = "cure"
    with pytest.raises(CatalogError) as info:
        Catalog.from_json(builtin_dict)
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, carecompare.Error)
    assert e.path == "/strategies/0/kind"
    assert e.id == 207 and e.kind == "catalog"
    assert "/strategies/0/kind" in str(e)
    [problem] = e.problems
    assert isinstance(problem, Problem)
    assert (problem.id, problem.pointer, problem.line, problem.column) == (207, "/strategies/0/kind", 0, 0)
    assert "cure" in problem.message
    assert problem.level == "error" and problem.severity == "error"
    assert problem.to_dict() == {"id": 207, "level": "error", "pointer": "/strategies/0/kind",
                                 "message": problem.message, "suggestion": problem.suggestion, "line": 0, "column": 0}
    assert str(problem).startswith("/strategies/0/kind: ")


def test_every_problem_is_reported(builtin_dict):
    builtin_dict["strategies"][0]["kind"] = "cure"
    builtin_dict["strategies"][3]["id"] = builtin_dict["strategies"][1]["id"]
    del builtin_dict["title"]
    with pytest.raises(CatalogError) as info:
        Catalog.from_json(builtin_dict)
    pointers = [p.pointer for p in info.value.problems]
    assert "/strategies/0/kind" in pointers
    assert "/strategies/3/id" in pointers
    assert "/title" in pointers
    assert info.value.path == info.value.problems[0].pointer


def test_syntax_error_has_line_and_column():
    with pytest.raises(CatalogError) as info:
        Catalog.from_json('{\n  "format": "carecompare.catalog/1",\n  "id": oops\n}')
    e = info.value
    assert "line 3, column" in str(e)
    assert e.path == ""
    assert e.problems[0].line == 3 and e.problems[0].column > 0


def test_not_an_object_is_a_catalog_error():
    with pytest.raises(CatalogError):
        Catalog.from_json([1, 2, 3])
    with pytest.raises(CatalogError):
        Catalog.from_json("[]")


@pytest.mark.parametrize("value, fragment", [
    ({1, 2}, "set"),
    (datetime.date(2026, 11, 26), "datetime.date"),
    (object(), "object"),
    (b"bytes", "bytes"),
])
def test_values_without_json_form_are_catalog_errors_naming_the_path(builtin_dict, value, fragment):
    builtin_dict["strategies"][0]["kind"] = value
    with pytest.raises(CatalogError) as info:
        Catalog.from_json(builtin_dict)
    assert info.value.path == "/strategies/0/kind"
    assert info.value.id == 204
    assert fragment in str(info.value)


@pytest.mark.parametrize("value, code", [
    (float("nan"), 220), (float("inf"), 220), (-float("inf"), 220), (2 ** 64, 220), (-(2 ** 63) - 1, 220),
    ("\ud800", 219),
])
def test_bad_numbers_and_text_are_catalog_errors(builtin_dict, value, code):
    builtin_dict["rules"][0]["weight"] = value
    with pytest.raises(CatalogError) as info:
        Catalog.from_json(builtin_dict)
    assert info.value.path == "/rules/0/weight"
    assert info.value.id == code
    if isinstance(value, float):
        assert "finite" in str(info.value)


def test_non_str_keys_and_cycles_are_rejected(builtin_dict):
    builtin_dict["extensions"] = {1: "one"}
    with pytest.raises(CatalogError) as info:
        Catalog.from_json(builtin_dict)
    assert info.value.path == "/extensions" and "keys must be str" in str(info.value)

    loop = []
    loop.append(loop)
    builtin_dict["extensions"] = {"loop": loop}
    with pytest.raises(CatalogError) as info:
        Catalog.from_json(builtin_dict)
    assert info.value.path.startswith("/extensions/loop/0/0")
    assert "deeper" in str(info.value)


def test_pointer_escapes_keys(builtin_dict):
    builtin_dict["extensions"] = {"a/b~c": {1, 2}}
    with pytest.raises(CatalogError) as info:
        Catalog.from_json(builtin_dict)
    assert info.value.path == "/extensions/a~1b~0c"


def test_bool_is_not_taken_for_an_int(builtin_dict):
    builtin_dict["rules"][0]["weight"] = True
    with pytest.raises(CatalogError) as info:
        Catalog.from_json(builtin_dict)
    assert info.value.path == "/rules/0/weight"


def test_large_ints_round_trip(builtin_dict):
    builtin_dict["extensions"] = {"big": 2 ** 64 - 1, "small": -(2 ** 63), "pi": 3.14159, "none": None}
    back = Catalog.from_json(builtin_dict).to_dict()["extensions"]
    assert back == builtin_dict["extensions"]
    assert type(back["big"]) is int and type(back["pi"]) is float


def test_warnings_and_strict(builtin_dict):
    assert Catalog.from_json(builtin_dict).warnings == []
    # Without its one rule, the monitoring strategy can never be shown: a warning, not an error...
    builtin_dict["rules"] = [r for r in builtin_dict["rules"] if r["id"] != "regular-monitoring"]
    loose = Catalog.from_json(builtin_dict)
    [warning] = loose.warnings
    assert isinstance(warning, Problem)
    assert (warning.id, warning.pointer, warning.level) == (241, "/strategies/7", "warning")
    assert "monitoring" in warning.message
    # ...unless loading is strict.
    with pytest.raises(CatalogError) as info:
        Catalog.from_json(builtin_dict, strict=True)
    assert info.value.path == "/strategies/7"
    assert [p.id for p in info.value.problems] == [241]


def test_rule_typos_are_errors_with_a_suggestion(builtin_dict):
    builtin_dict["rules"][3]["when"] = {"in": ["pain", {"var": "symptom"}]}
    with pytest.raises(CatalogError) as info:
        Catalog.from_json(builtin_dict)
    [problem] = info.value.problems
    assert problem.pointer == info.value.path == "/rules/3/when/in/1"
    assert problem.suggestion == "symptoms"


def test_catalog_error_is_raisable_by_users():
    e = CatalogError("mine")
    assert e.path == "" and list(e.problems) == [] and str(e) == "mine"
    assert issubclass(CatalogError, ValueError)



def test_about_says_what_the_catalog_says_about_itself(builtin):
    about = builtin.about
    assert about["authors"] == [{"name": "The carecompare project",
                                 "role": "wrote this catalog from the source article and maintains it"}]
    assert about["funding"] == "None. No one paid for this catalog."
    assert about["next_review"] == "2027-11-26"
    doc = builtin.to_dict()
    del doc["funding"]
    mine = Catalog.from_json(doc)
    assert "funding" not in mine.about
    assert [(w.id, w.pointer) for w in mine.warnings] == [(243, "/funding")]


# ---- Catalog.check(): the C ABI's carecompare_catalog_check() document -----------------------

def test_check_of_the_builtin_catalog():
    text = BUILTIN_JSON.read_text(encoding="utf-8")
    builtin = Catalog.builtin()
    assert Catalog.check(text) == {"valid": True, "strategies": len(builtin.strategies),
                                   "rules": len(builtin.rules), "problems": [], "omitted": 0,
                                   "readability": None}
    assert Catalog.check(text.encode("utf-8")) == Catalog.check(text)


def test_check_of_a_catalog_that_does_not_load(builtin_dict):
    builtin_dict["rules"][0]["show"] = ["radiation-theraphy"]
    builtin_dict["rules"] = [r for r in builtin_dict["rules"] if r["id"] != "regular-monitoring"]
    text = json.dumps(builtin_dict)
    report = Catalog.check(text)
    assert report["valid"] is False
    assert (report["strategies"], report["rules"], report["readability"]) == (None, None, None)
    with pytest.raises(CatalogError) as info:
        Catalog.from_json(text)
    # Its errors, each as Problem.to_dict(), then the warning a strict load adds (as a warning).
    errors = [p.to_dict() for p in info.value.problems]
    assert report["problems"][:len(errors)] == errors
    assert errors[0]["suggestion"] == "radiation-therapy" and errors[0]["level"] == "error"
    assert [(p["id"], p["level"]) for p in report["problems"][len(errors):]] == [(241, "warning")]


def test_check_strict_and_readability(builtin_dict):
    builtin_dict["rules"] = [r for r in builtin_dict["rules"] if r["id"] != "regular-monitoring"]
    text = json.dumps(builtin_dict)
    assert Catalog.check(text)["valid"] is True
    assert Catalog.check(text, strict=True)["valid"] is False
    graded = Catalog.check(text, readability=True, max_grade=0)
    assert graded["readability"]["texts"] and graded["valid"] is True
    assert {p["id"] for p in graded["problems"]} == {241, 245}
    assert all(p["level"] == "warning" for p in graded["problems"])
    with pytest.raises(ValueError):
        Catalog.check(text, readability=True, max_grade=float("nan"))
    with pytest.raises(TypeError):
        Catalog.check(builtin_dict)


def test_check_of_a_syntax_error():
    report = Catalog.check("{\n  \"schema\": ", readability=True)
    [problem] = report["problems"]
    assert problem["line"] == 2 and problem["column"] > 0 and problem["level"] == "error"
    assert report["readability"] is None
