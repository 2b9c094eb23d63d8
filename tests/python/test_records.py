# SPDX-License-Identifier: MIT
"""Options as data: to_records() (plain dicts, one per option) and to_pandas() (a DataFrame)."""
import json
import sys

import pytest

import carecompare
from carecompare import RenderError

PANDAS_MISSING = "pandas is not installed (Debian: apt-get install python3-pandas)"


# ---- Records ----------------------------------------------------------------------------------

def test_catalog_records_are_the_rows_of_its_table(builtin):
    records = builtin.to_records()
    assert [r["id"] for r in records] == [s.id for s in builtin.strategies]
    assert all(list(r) == ["id", "name", "purpose", "use_cases"] for r in records)
    assert records[0] == {"id": "systemic-therapy", "name": "Systemic Therapy",
                          "purpose": "Targets cancer cells system-wide",
                          "use_cases": ["Used when cancer has spread to multiple areas"]}
    table = json.loads(builtin.table(format="json"))
    assert [{"id": row["id"], **row["cells"]} for row in table["rows"]] == records
    assert json.loads(json.dumps(records)) == records  # plain values only


def test_catalog_records_take_columns_and_only(builtin):
    records = builtin.to_records(columns=["kind", "care_team=Team", "id"], only=["nutrition", "monitoring"])
    assert [list(r) for r in records] == [["id", "kind", "care_team"]] * 2
    nutrition = builtin.strategy("nutrition")
    assert records[0] == {"id": "nutrition", "kind": nutrition.kind, "care_team": nutrition.care_team or []}


def test_result_records_cover_relevant_then_undecided(with_overlay):
    result = with_overlay.filter(sites=["liver"], goals=["emotional-wellbeing"])
    records = result.to_records()
    options = result.relevant + result.undecided
    assert [r["id"] for r in records] == [o.id for o in options]
    assert list(records[0]) == ["id", "name", "purpose", "use_cases", "depends_on", "status", "score", "reasons"]
    for record, option in zip(records, result.relevant):
        assert record["status"] == "relevant"
        assert record["score"] == option.score and isinstance(record["score"], float)
        assert record["reasons"] == [reason.text for reason in option.reasons]
        assert record["depends_on"] == []
        assert record["name"] == option.strategy.name
    for record, option in zip(records[len(result.relevant):], result.undecided):
        assert record["status"] == "undecided"
        assert record["score"] is None
        assert record["depends_on"] == [fact["label"] for fact in option.facts]
    activity = next(r for r in records if r["id"] == "physical-activity")
    assert activity["depends_on"] == ["Pain score"]
    assert json.loads(json.dumps(records)) == records


def test_result_records_with_the_options_not_shown(builtin):
    result = builtin.filter(sites=["bone"], symptoms=["pain"])
    records = result.to_records(include_not_shown=True)
    assert sorted(r["id"] for r in records) == sorted(s.id for s in builtin.strategies)
    assert [r["status"] for r in records] == ["relevant"] * len(result.relevant) + ["not_shown"] * len(
        result.not_shown)
    hidden = {r["id"]: r for r in records if r["status"] == "not_shown"}
    for option in result.not_shown:
        record = hidden[option.id]
        assert record["score"] is None and record["reasons"] == []
        assert record["why_not_shown"][0] == option.explanation
    assert "depends_on" not in records[0]  # no fact is declared: the table has no such column


def test_result_records_keep_reasons_when_columns_leave_them_out(builtin):
    result = builtin.filter(sites=["bone"], symptoms=["pain"])
    records = result.to_records(columns=["name", "score", "status=State"], only=["radiation-therapy", "nutrition"],
                                include_not_shown=True)
    assert records == [
        {"id": "radiation-therapy", "name": "Radiation Therapy", "status": "relevant", "score": 3.0,
         "reasons": [r.text for r in result.relevant[0].reasons]},
        {"id": "nutrition", "name": builtin.strategy("nutrition").name, "status": "not_shown", "score": None,
         "reasons": []},
    ]
    assert result.to_records(only=["nutrition"]) == []


def test_records_report_bad_options(builtin):
    result = builtin.filter()
    with pytest.raises(RenderError, match="unknown column field"):
        result.to_records(columns=["nope"])
    with pytest.raises(RenderError, match="unknown column field"):
        builtin.to_records(columns=["score"])  # only results have scores
    with pytest.raises(RenderError, match="unknown strategy id"):
        builtin.to_records(only=["nope"])
    with pytest.raises(TypeError, match="list of str"):
        result.to_records(only="nutrition")


# ---- pandas -----------------------------------------------------------------------------------

def test_result_data_frame(with_overlay):
    pandas = pytest.importorskip("pandas", reason=PANDAS_MISSING)
    result = with_overlay.filter(sites=["liver"], goals=["emotional-wellbeing"])
    frame = result.to_pandas(include_not_shown=True)
    records = result.to_records(include_not_shown=True)
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(records[0])
    assert frame["id"].tolist() == [r["id"] for r in records]
    assert frame.to_dict("records")[0] == records[0]
    by_id = frame.set_index("id")
    assert by_id.loc["physical-activity", "status"] == "undecided"
    assert by_id.loc["physical-activity", "depends_on"] == ["Pain score"]
    assert pandas.isna(by_id.loc["physical-activity", "score"])
    assert frame[frame.status == "relevant"]["score"].tolist() == [o.score for o in result.relevant]
    assert frame.attrs["disclaimer"] == with_overlay.disclaimer
    assert frame.attrs["catalog"] == {"id": with_overlay.id, "title": with_overlay.title,
                                      "version": with_overlay.version, "published": with_overlay.published,
                                      "last_reviewed": with_overlay.last_reviewed}
    assert frame.attrs["sources"] == [s["title"] for s in with_overlay.sources]


def test_empty_data_frame_keeps_its_columns(builtin):
    pytest.importorskip("pandas", reason=PANDAS_MISSING)
    frame = builtin.filter(sites=["bone"]).to_pandas(only=["nutrition"])
    assert frame.empty
    assert list(frame.columns) == ["id", "name", "purpose", "use_cases", "status", "score", "reasons"]


def test_catalog_data_frame(builtin):
    pytest.importorskip("pandas", reason=PANDAS_MISSING)
    frame = builtin.to_pandas(columns=["name", "kind", "scope"])
    assert frame.shape == (len(builtin.strategies), 4)
    assert frame.set_index("id").loc["systemic-therapy", "name"] == "Systemic Therapy"
    assert sorted(frame.groupby("kind").size().to_dict()) == sorted({s.kind for s in builtin.strategies})
    assert frame.attrs["disclaimer"] == builtin.disclaimer


def test_to_pandas_without_pandas_says_what_to_install(builtin, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    for call in (builtin.to_pandas, builtin.filter().to_pandas):
        with pytest.raises(ImportError, match="python3-pandas") as info:
            call()
        assert "to_records()" in str(info.value)
        assert isinstance(info.value.__cause__, ImportError)
    assert builtin.to_records()  # records need nothing
