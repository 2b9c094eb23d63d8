# SPDX-License-Identifier: MIT
"""Filtering from Python: ranking, reasons, options not shown, errors, lifetimes and threads."""
import gc
import json
import threading
import weakref

import pytest

from carecompare import (Catalog, CircumstancesError, NotShownOption, Reason, RelevantOption, Result,
                         RuleOutcome, Strategy, UndecidedOption)


def ranked(result):
    return [(o.strategy.id, o.score) for o in result.relevant]


def test_bone_and_pain_ranking(builtin):
    result = builtin.filter(sites=["bone"], symptoms=["pain"])
    assert isinstance(result, Result)
    assert ranked(result) == [("radiation-therapy", 3), ("physical-therapy", 2), ("pain-management", 1),
                              ("monitoring", 1)]
    assert all(type(o.score) is float for o in result.relevant)
    assert repr(result) == ("<Result relevant=[radiation-therapy 3, physical-therapy 2, pain-management 1, "
                            "monitoring 1], 5 not shown>")


def test_relevant_items(builtin):
    first = builtin.filter(sites=["bone"], symptoms=["pain"]).relevant[0]
    assert isinstance(first, RelevantOption)
    assert isinstance(first.strategy, Strategy)
    assert first.strategy == builtin.strategy("radiation-therapy")
    assert first.id == "radiation-therapy"
    assert [r.rule for r in first.reasons] == ["bone-or-brain-site", "pain"]
    reason = first.reasons[0]
    assert isinstance(reason, Reason)
    rule = next(r for r in builtin.rules if r["id"] == "bone-or-brain-site")
    assert reason.text == rule["reason"]
    assert reason.to_dict() == {"rule": "bone-or-brain-site", "text": rule["reason"]}
    assert reason == first.reasons[0] and reason != first.reasons[1]
    assert repr(first) == "<RelevantOption radiation-therapy score=3 reasons=['bone-or-brain-site', 'pain']>"


def test_not_shown_items(builtin):
    result = builtin.filter(sites=["bone"], symptoms=["pain"])
    assert [o.id for o in result.not_shown] == [
        "systemic-therapy", "nutrition", "physical-activity", "emotional-support", "clinical-trials"]
    systemic = result.not_shown[0]
    assert isinstance(systemic, NotShownOption)
    assert systemic.strategy.name == "Systemic Therapy"
    assert systemic.explanation == "Not shown for your answers."
    assert systemic.unmatched == ["spread-to-multiple-areas", "goal-control-growth"]
    assert systemic.hidden_by == [] and systemic.overruled == []
    assert all(isinstance(r, RuleOutcome) for r in systemic.rules)
    assert [(r.rule, r.effect, r.matched) for r in systemic.rules] == [
        ("spread-to-multiple-areas", "show", False), ("goal-control-growth", "show", False)]


def test_to_dict_is_the_cpp_result_document(builtin):
    result = builtin.filter(sites=["bone", "liver"], symptoms=["pain"], goals=["stay-active"])
    doc = result.to_dict()
    assert set(doc) == {"catalog", "circumstances", "relevant", "not_shown", "sources", "disclaimer"}
    assert doc["sources"] == json.loads(builtin.to_json())["sources"]  # what the texts cite (issue 29)
    assert doc["catalog"] == {"id": builtin.id, "title": builtin.title, "version": builtin.version,
                              "last_reviewed": builtin.last_reviewed, **builtin.about}
    assert doc["circumstances"] == result.circumstances == {
        "sites": ["bone", "liver"], "symptoms": ["pain"], "goals": ["stay-active"], "facts": {}}
    assert doc["disclaimer"] == result.disclaimer == builtin.disclaimer
    # The objects say what the document says.
    assert [(r["id"], r["score"]) for r in doc["relevant"]] == ranked(result)
    assert all(type(r["score"]) is int for r in doc["relevant"])  # integral scores print as 3, not 3.0
    for item, option in zip(doc["relevant"], result.relevant):
        assert item["name"] == option.strategy.name
        assert item["reasons"] == [r.to_dict() for r in option.reasons]
    for item, option in zip(doc["not_shown"], result.not_shown):
        assert (item["id"], item["explanation"]) == (option.id, option.explanation)
        assert item["rules"] == [r.to_dict() for r in option.rules]


def test_no_circumstances_shows_monitoring_only(builtin):
    result = builtin.filter()
    assert ranked(result) == [("monitoring", 1)]
    assert len(result.not_shown) == 8


def test_ties_keep_catalog_order(builtin):
    result = builtin.filter(symptoms=["fatigue"])
    assert [o.id for o in result.relevant] == ["physical-therapy", "nutrition", "physical-activity", "monitoring"]


def test_positional_arguments_and_iterables(builtin):
    expected = ranked(builtin.filter(sites=["bone"], symptoms=["pain"]))
    assert ranked(builtin.filter(["bone"], ["pain"])) == expected
    assert ranked(builtin.filter(sites=("bone",), symptoms=("pain",))) == expected
    assert ranked(builtin.filter(sites={"bone"}, symptoms=(s for s in ["pain"]))) == expected
    assert ranked(builtin.filter(sites={"bone": 1}.keys(), symptoms=["pain"])) == expected


def test_facts_reach_the_rules(builtin_dict):
    builtin_dict["facts"] = [{"id": "stage", "type": "number", "label": "Stage", "description": "Cancer stage"}]
    builtin_dict["rules"].append({
        "id": "late-stage", "description": "Stage 4", "when": {">=": [{"var": "stage"}, 4]},
        "show": ["clinical-trials"], "weight": 5, "reason": "Stage 4 was stated."})
    cat = Catalog.from_json(builtin_dict)
    assert cat.facts[0]["id"] == "stage"
    assert cat.filter(facts={"stage": 4}).relevant[0].id == "clinical-trials"
    assert cat.filter(facts={"stage": 2}).relevant[0].id == "monitoring"
    assert cat.filter(facts={"stage": 4}).circumstances["facts"] == {"stage": 4}
    # Facts are checked against their declarations.
    with pytest.raises(CircumstancesError) as info:
        cat.filter(facts={"stage": "four"})
    assert info.value.path == "/facts/stage"
    with pytest.raises(CircumstancesError) as info:
        cat.filter(facts={"age": 70})
    assert info.value.path == "/facts/age"


# ---- facts nobody answered ---------------------------------------------------------------------

def test_a_pain_score_nobody_gave_leaves_the_option_undecided(with_overlay):
    result = with_overlay.filter(sites=["liver"])
    assert "physical-activity" not in [o.id for o in result.relevant]
    activity = next(o for o in result.undecided if o.id == "physical-activity")
    assert isinstance(activity, UndecidedOption)
    assert activity.strategy.name == "Physical Activity"
    assert activity.facts == [{"id": "pain_score", "label": "Pain score", "description": "0 to 10", "type": "number"}]
    assert activity.rules == ["mild-pain"] and activity.shown_by == []
    assert repr(activity) == "<UndecidedOption physical-activity depends on ['pain_score']>"
    assert [f["id"] for f in result.not_answered] == [
        "pain_score", "walks_daily", "treatment_phase", "monitored_elsewhere"]
    assert result.not_answered[2]["values"] == ["before", "during", "after"]
    assert "undecided" in repr(result)
    # The same lists as the result's document.
    assert [o["id"] for o in result.to_dict()["undecided"]] == [o.id for o in result.undecided]
    # Answered, it is decided; None is not an answer.
    shown = with_overlay.filter(sites=["liver"], facts={"pain_score": 2})
    assert [r.rule for r in next(o for o in shown.relevant if o.id == "physical-activity").reasons] == ["mild-pain"]
    assert "physical-activity" in [o.id for o in with_overlay.filter(sites=["liver"], facts={"pain_score": 5}).not_shown]
    assert "physical-activity" in [o.id for o in with_overlay.filter(facts={"pain_score": None}).undecided]


def test_undecided_options_outlive_their_result(with_overlay):
    options = with_overlay.filter(sites=["liver"]).undecided
    gc.collect()
    assert [f["id"] for f in next(o for o in options if o.id == "physical-activity").facts] == ["pain_score"]


def test_builtin_results_have_nothing_undecided(builtin):
    result = builtin.filter(sites=["liver"])
    assert result.undecided == [] and result.not_answered == []
    assert "undecided" not in result.to_dict()


# ---- lists open or not answered ----------------------------------------------------------------

def test_open_and_not_answered_lists_leave_what_hangs_on_them_undecided(builtin):
    result = builtin.filter(sites=["bone", "liver"], open=["sites", "symptoms"], not_answered=("goals",))
    assert "systemic-therapy" in [o.id for o in result.relevant]
    assert result.undecided, result
    labels = {o.id: [l["label"] for l in o.lists] for o in result.undecided}
    assert any("Symptoms you have" in v for v in labels.values()) and any("What matters to you" in v for v in labels.values())
    option = result.undecided[0]
    assert all(set(l) == {"id", "label"} for l in option.lists)
    assert repr(option).startswith("<UndecidedOption " + option.id + " depends on [")
    assert result.circumstances["open"] == ["sites", "symptoms"]
    assert result.circumstances["not_answered"] == ["goals"]
    # The same as the document, and as the JSON the other faces take.
    doc = result.to_dict()
    assert [o["id"] for o in doc["undecided"]] == [o.id for o in result.undecided]
    assert [o["lists"] for o in doc["undecided"]] == [o.lists for o in result.undecided]
    # Left out, a list is closed, as always.
    assert builtin.filter(sites=["bone", "liver"]).undecided == []
    assert builtin.filter(sites=["bone"], open=[]).to_dict() == builtin.filter(sites=["bone"]).to_dict()


@pytest.mark.parametrize("kwargs, path", [
    ({"open": ["symptom"]}, "/open/0"),
    ({"open": ["goals"], "not_answered": ["goals"]}, "/open/0"),
    ({"goals": ["stay-active"], "not_answered": {"goals"}}, "/goals/0"),
    ({"open": "symptoms"}, "/open"),
    ({"not_answered": [3]}, "/not_answered/0"),
])
def test_bad_list_names_are_circumstances_errors(builtin, kwargs, path):
    with pytest.raises(CircumstancesError) as info:
        builtin.filter(**kwargs)
    assert info.value.path == path


# ---- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, path, code", [
    ({"sites": ["bones"]}, "/sites/0", 301),
    ({"sites": ["bone", "brian"]}, "/sites/1", 301),
    ({"symptoms": ["pain", "pain"]}, "/symptoms/1", 305),
    ({"goals": ["cure"]}, "/goals/0", 301),
    ({"sites": "bone"}, "/sites", 302),
    ({"sites": 3}, "/sites", 302),
    ({"sites": ["bone", 3]}, "/sites/1", 302),
    ({"sites": [None]}, "/sites/0", 302),
    ({"facts": ["stage"]}, "/facts", 302),
    ({"facts": {"sites": 1}}, "/facts/sites", 304),
    ({"facts": {"when": {1, 2}}}, "/facts/when", 302),
    ({"facts": {"x": float("nan")}}, "/facts/x", 302),
])
def test_circumstances_errors_have_a_path(builtin, kwargs, path, code):
    with pytest.raises(CircumstancesError) as info:
        builtin.filter(**kwargs)
    assert isinstance(info.value, ValueError)
    assert info.value.path == path
    assert info.value.id == code
    assert path in str(info.value)


def test_unknown_site_message_lists_the_allowed_ids(builtin):
    with pytest.raises(CircumstancesError, match="allowed: bone, liver, lung, brain"):
        builtin.filter(sites=["bones"])


def test_unknown_keyword_is_a_type_error(builtin):
    with pytest.raises(TypeError):
        builtin.filter(site=["bone"])


# ---- lifetimes -----------------------------------------------------------------------------

def test_result_keeps_its_catalog_alive(builtin_dict):
    cat = Catalog.from_json(builtin_dict)
    result = cat.filter(sites=["bone"], symptoms=["pain"])
    assert result.catalog is cat
    ref = weakref.ref(cat)
    del cat
    gc.collect()
    assert ref() is not None  # still referenced by the result
    option = result.relevant[0]
    reasons = option.reasons
    not_shown = result.not_shown[0]
    del result
    gc.collect()
    assert option.strategy.name == "Radiation Therapy"
    assert reasons[0].rule == "bone-or-brain-site"
    assert not_shown.strategy.id == "systemic-therapy" and not_shown.rules


def test_results_are_independent(builtin):
    a = builtin.filter(sites=["bone"])
    b = builtin.filter(symptoms=["anxiety"])
    assert [o.id for o in a.relevant] != [o.id for o in b.relevant]
    a.relevant.clear()  # a fresh list each time: the result cannot be changed through it
    assert a.relevant


# ---- threads -------------------------------------------------------------------------------

CASES = [
    {"sites": ["bone"], "symptoms": ["pain"]},
    {"sites": ["liver", "lung"], "goals": ["explore-new-treatments"]},
    {"symptoms": ["fatigue", "anxiety"], "goals": ["stay-active"]},
    {"sites": ["brain"], "goals": ["control-growth", "emotional-wellbeing"]},
]


def test_filter_from_several_threads(builtin):
    expected = [builtin.filter(**case).to_dict() for case in CASES]
    errors = []
    barrier = threading.Barrier(6)

    def work(offset):
        try:
            barrier.wait()
            for i in range(300):
                k = (i + offset) % len(CASES)
                result = builtin.filter(**CASES[k])
                if result.to_dict() != expected[k]:
                    errors.append(f"thread {offset}: case {k} differs")
                    return
                builtin.table(format="text", width=60)
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_catalogs_loaded_in_threads_are_equal(builtin):
    text = builtin.to_json()
    loaded = []
    threads = [threading.Thread(target=lambda: loaded.append(Catalog.from_json(text))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(loaded) == 4 and all(c == builtin for c in loaded)
