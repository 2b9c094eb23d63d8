# SPDX-License-Identifier: MIT
"""Comparison tables from Python: every format, columns, rows, and option errors."""
import csv
import io
import json

import pytest

import carecompare
from carecompare import RenderError

ARTICLE_TABLE = [
    "| Care Strategy | Purpose | Common Use Cases |",
    "| --- | --- | --- |",
    "| Systemic Therapy | Targets cancer cells system-wide | Used when cancer has spread to multiple areas |",
    "| Radiation Therapy | Reduces localized tumors or pain | Applied to specific sites like bones or brain |",
    "| Physical Therapy | Improves mobility and reduces fatigue | Recommended for patients with bone involvement |",
]


def flat(text):
    return " ".join(text.split())


def test_formats_constant():
    assert carecompare.FORMATS == ("markdown", "html", "text", "csv", "json")


def test_article_table_word_for_word(builtin):
    lines = builtin.table(only=["systemic-therapy", "radiation-therapy", "physical-therapy"]).splitlines()
    start = lines.index(ARTICLE_TABLE[0])
    assert lines[start:start + 5] == ARTICLE_TABLE


@pytest.mark.parametrize("fmt", ["markdown", "md", "html", "text", "txt", "csv", "json", "HTML"])
def test_every_catalog_table_carries_the_disclaimer(builtin, fmt):
    out = builtin.table(format=fmt)
    assert isinstance(out, str)
    assert "This information is solely intended for informational purposes." in flat(out)
    assert builtin.last_reviewed in out


@pytest.mark.parametrize("fmt", carecompare.FORMATS)
def test_every_result_table_carries_the_disclaimer(builtin, fmt):
    result = builtin.filter(sites=["bone"], symptoms=["pain"])
    out = result.table(format=fmt)
    assert "informational purposes" in flat(out)
    assert "Radiation Therapy" in out
    if fmt == "json":
        assert json.loads(out)["disclaimer"] == builtin.disclaimer


def test_csv_and_json_parse(builtin):
    rows = list(csv.reader(io.StringIO(builtin.table(format="csv"))))
    assert rows[0] == ["Care Strategy", "Purpose", "Common Use Cases"]
    doc = json.loads(builtin.table(format="json", columns=["name", "benefits=Pros"], only=["nutrition"]))
    assert [c["label"] for c in doc["columns"]] == ["Care Strategy", "Pros"]
    assert [r["id"] for r in doc["rows"]] == ["nutrition"]


def test_columns_accept_any_iterable_of_str(builtin):
    a = builtin.table(columns=["name", "kind"])
    assert builtin.table(columns=("name", "kind")) == a
    assert builtin.table(columns=iter(["name", "kind"])) == a
    assert "| Care Strategy | Kind |" in a


def test_html_fragment_and_full_page(builtin):
    fragment = builtin.table(format="html")
    assert not fragment.lstrip().lower().startswith("<!doctype")
    assert '<th scope="col">' in fragment
    page = builtin.table(format="html", full_page=True)
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert '<html lang="en" dir="ltr">' in page and "<h1>" in page


def test_text_width(builtin):
    out = builtin.table(format="text", width=60)
    assert max(len(line) for line in out.splitlines()) <= 60


def test_result_table_with_not_shown(builtin):
    result = builtin.filter(sites=["bone"], symptoms=["pain"])
    short = result.table()
    assert "Why shown" in short and "Systemic Therapy" not in short
    full = result.table(include_not_shown=True)
    assert "Why not shown" in full and "Systemic Therapy" in full and "Not shown" in full
    assert "Score" in result.table(columns=["name", "score"])
    only = json.loads(result.table(format="json", only=["monitoring"]))
    assert [r["id"] for r in only["rows"]] == ["monitoring"]


@pytest.mark.parametrize("kwargs, fragment, code", [
    ({"columns": ["name", "colour"]}, "colour", 601),
    ({"columns": ["name", "name"]}, "twice", 604),
    ({"only": ["radiotherapy"]}, "radiotherapy", 602),
    ({"format": "pdf"}, "pdf", 603),
    ({"format": "text", "width": 5}, "width", 604),
])
def test_bad_table_options_are_value_errors(builtin, kwargs, fragment, code):
    with pytest.raises(ValueError, match=fragment) as info:
        builtin.table(**kwargs)
    assert isinstance(info.value, RenderError) and info.value.id == code


def test_result_fields_only_in_result_tables(builtin):
    with pytest.raises(RenderError, match="score"):
        builtin.table(columns=["name", "score"])


def test_a_single_str_is_not_a_column_list(builtin):
    with pytest.raises(TypeError, match="list of str"):
        builtin.table(columns="name")
    with pytest.raises(TypeError, match=r"only\[1\]"):
        builtin.table(only=["nutrition", 3])
    with pytest.raises(TypeError):
        builtin.table(width=-1)
