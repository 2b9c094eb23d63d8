# SPDX-License-Identifier: MIT
"""Answers in a URL fragment from Python: Catalog.to_fragment(), Catalog.read_fragment() and
is_fragment(), the core's spelling (circumstances::to_fragment/from_fragment), as the C ABI and
JS spell it, so a link made in Python opens the <care-compare> page with the same answers."""
import pytest

import carecompare


def test_to_fragment_spells_what_the_core_documents(builtin):
    text = builtin.to_fragment(["bone", "liver"], ["pain"], open=["symptoms"], not_answered=["goals"])
    assert text == "sites=bone,liver&symptoms=pain&open=symptoms&not_answered=goals"
    assert builtin.to_fragment() == ""


def test_facts_come_in_the_catalogs_order_percent_encoded(with_overlay):
    text = with_overlay.to_fragment(["brain"], facts={"walks_daily": True, "pain_score": 6.5, "treatment_phase": "during"})
    assert text == "sites=brain&facts.pain_score=6.5&facts.walks_daily=true&facts.treatment_phase=during"


def test_read_fragment_gives_back_what_to_fragment_wrote_and_filter_takes_it(with_overlay):
    asked = dict(sites=["bone"], symptoms=["fatigue"], goals=[], facts={"pain_score": 3, "walks_daily": False},
                 open=["sites"], not_answered=["goals"])
    reading = with_overlay.read_fragment(with_overlay.to_fragment(**asked))
    assert reading["left_out"] == []
    answers = reading["circumstances"]
    assert answers["sites"] == ["bone"] and answers["symptoms"] == ["fatigue"]
    assert answers["facts"] == {"pain_score": 3, "walks_daily": False}
    assert answers["open"] == ["sites"] and answers["not_answered"] == ["goals"]
    # The reading's circumstances are filter()'s arguments, by name.
    assert with_overlay.filter(**answers).to_dict() == with_overlay.filter(**asked).to_dict()


def test_an_edited_fragment_keeps_what_it_can_and_says_what_it_left_out(builtin):
    reading = builtin.read_fragment("sites=bone,lungs&colour=blue")
    assert reading["circumstances"]["sites"] == ["bone"]
    left = {(p["id"], p["pointer"]) for p in reading["left_out"]}
    assert (301, "/sites/1") in left
    assert any(p["pointer"] == "/colour" for p in reading["left_out"])
    assert all("lungs" in p["message"] or "colour" in p["message"] for p in reading["left_out"])
    # Any text is read, never raised on.
    for text in ["", "&&&", "%ZZ", "sites=%E2%28", "x" * 20000, "facts.=1", "open=sites,sites"]:
        assert isinstance(builtin.read_fragment(text)["left_out"], list)


def test_to_fragment_refuses_what_filter_refuses(builtin):
    with pytest.raises(carecompare.CircumstancesError) as e:
        builtin.to_fragment(["lungs"])
    assert e.value.path == "/sites/0"
    with pytest.raises(carecompare.CircumstancesError):
        builtin.to_fragment(["bone"], not_answered=["sites"])


def test_is_fragment_tells_answers_from_an_anchor():
    assert carecompare.is_fragment("sites=bone")
    assert carecompare.is_fragment("not_answered=goals")
    assert carecompare.is_fragment("facts.pain_score=3")
    assert not carecompare.is_fragment("section-2")
    assert not carecompare.is_fragment("")
