# SPDX-License-Identifier: MIT
"""What notebooks show: Catalog, Result and Table as HTML (_repr_html_) and Markdown
(_repr_markdown_), rendered by the library's renderers, escaped, with the disclaimer."""
from html.parser import HTMLParser

import pytest

import carecompare
from carecompare import RenderError

VOID = {"br", "meta", "img", "hr", "input", "link"}


class Tags(HTMLParser):
    """Every tag and text of a fragment; records tags closed out of order or left open."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []
        self.problems = []
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:]}")
        else:
            self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html):
    tags = Tags()
    tags.feed(html)
    tags.close()
    assert tags.problems == [] and tags.open == [], (tags.problems, tags.open)
    return tags


def flat(text):
    return " ".join(text.split())


def row_headers(html):
    """The text of each <th scope="row"> in order (the option names)."""
    out = []
    for chunk in html.split('<th scope="row">')[1:]:
        out.append(chunk.split("</th>", 1)[0])
    return out


@pytest.fixture()
def hostile(builtin_dict):
    """The builtin catalog with markup in a name, a purpose, a reason, a fact and the disclaimer."""
    strategies = {s["id"]: s for s in builtin_dict["strategies"]}
    strategies["radiation-therapy"]["name"] = "<script>alert(1)</script>"
    strategies["nutrition"]["name"] = "<b>Nutrition</b> & more"
    strategies["nutrition"]["purpose"] = "\"onmouseover=alert(1) x='y'"
    builtin_dict["disclaimer"] = "Informational <img src=x onerror=alert(1)> only & never advice."
    for rule in builtin_dict["rules"]:
        rule["reason"] = "<i>why</i> " + rule["reason"]
    builtin_dict["facts"] = [{"id": "pain_score", "type": "number", "label": "Pain <u>score</u>",
                              "description": "0 to 10"}]
    builtin_dict["rules"].append({
        "id": "mild-pain", "description": "Pain score is below 4", "when": {"<": [{"var": "pain_score"}, 4]},
        "show": ["physical-activity"], "reason": "Mild pain."})
    return carecompare.Catalog.from_json(builtin_dict)


# ---- Catalog ----------------------------------------------------------------------------------

def test_catalog_shows_its_table_with_disclaimer_sources_and_version(builtin):
    html = builtin._repr_html_()
    assert html == builtin.table(format="html")
    tags = parse(html)
    assert {"figure", "table", "caption", "cite"} <= set(tags.tags)
    assert row_headers(html) == [s.name for s in builtin.strategies]
    text = flat("".join(tags.text))
    assert flat(builtin.disclaimer) in text
    assert builtin.version in text and builtin.last_reviewed in text
    assert all(source["title"] in text for source in builtin.sources)
    markdown = builtin._repr_markdown_()
    assert markdown == builtin.table()
    assert "| Care Strategy | Purpose | Common Use Cases |" in markdown
    assert "informational purposes" in flat(markdown)


# ---- Result -----------------------------------------------------------------------------------

def test_result_shows_options_shown_and_undecided_then_the_others_collapsed(with_overlay):
    result = with_overlay.filter(sites=["liver"], goals=["emotional-wellbeing"])
    assert result.undecided and result.not_shown and result.relevant
    html = result._repr_html_()
    parse(html)
    main, sep, details = html.partition('<details class="carecompare-not-shown">')
    assert sep, "the options not shown are under <details>"
    assert main == result.table(format="html")
    assert row_headers(main) == [o.strategy.name for o in result.relevant + result.undecided]
    assert "Depends on what you have not answered" in main
    assert "Pain score" in main  # the fact that decides it
    assert "informational purposes" in flat(main)
    summary = details.split("<summary>", 1)[1].split("</summary>", 1)[0]
    assert summary == f"Options not shown ({len(result.not_shown)}), and why"
    assert row_headers(details) == [o.strategy.name for o in result.not_shown]
    for option in result.not_shown:
        assert option.explanation.split(".")[0] in details
    assert "informational purposes" in flat(details)
    assert details.rstrip().endswith("</details>")


def test_result_markdown_has_the_same_parts(with_overlay):
    result = with_overlay.filter(sites=["liver"], goals=["emotional-wellbeing"])
    markdown = result._repr_markdown_()
    main, sep, details = markdown.partition("\n<details>\n")
    assert sep
    assert main == result.table()
    assert f"<summary>Options not shown ({len(result.not_shown)}), and why</summary>" in details
    for option in result.not_shown:
        assert f"| {option.strategy.name} |" in details
    assert details.rstrip().endswith("</details>")


def test_result_with_every_option_shown_has_nothing_to_collapse(builtin_dict):
    ids = [s["id"] for s in builtin_dict["strategies"]]
    builtin_dict["rules"].append({"id": "everything", "description": "Always", "when": {"==": [1, 1]},
                                  "show": ids, "reason": "Shown to everyone."})
    result = carecompare.Catalog.from_json(builtin_dict).filter()
    assert result.not_shown == []
    assert result._repr_html_() == result.table(format="html")
    assert "<details" not in result._repr_markdown_()


def test_displays_escape_every_text(hostile):
    result = hostile.filter(sites=["bone"], symptoms=["pain"])
    assert any(o.strategy.id == "nutrition" for o in result.not_shown)
    assert any(o.strategy.id == "physical-activity" for o in result.undecided)
    for html in (hostile._repr_html_(), result._repr_html_(), result.make_table()._repr_html_()):
        tags = parse(html)
        assert set(tags.tags) <= {"figure", "table", "caption", "thead", "tbody", "tr", "th", "td", "ul", "li",
                                  "p", "strong", "cite", "a", "time", "br", "details", "summary"}
        assert "<script" not in html.lower() and "<img" not in html and "<i>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "Informational &lt;img src=x onerror=alert(1)&gt; only &amp; never advice." in html
    html = result._repr_html_()
    assert "<th scope=\"row\">&lt;b&gt;Nutrition&lt;/b&gt; &amp; more</th>" in html  # not shown, collapsed
    assert "&lt;i&gt;why&lt;/i&gt;" in html
    assert "Pain &lt;u&gt;score&lt;/u&gt;" in html
    assert "<b>" not in html and "<u>" not in html
    markdown = result._repr_markdown_()
    assert "<script" not in markdown.lower() and "<img" not in markdown
    assert "| &lt;script&gt;alert(1)&lt;/script&gt; |" in markdown
    assert "&lt;b&gt;Nutrition&lt;/b&gt; &amp; more" in markdown.partition("<details>")[2]


# ---- Table ------------------------------------------------------------------------------------

def test_table_object_renders_as_the_table_method(builtin):
    result = builtin.filter(sites=["bone"], symptoms=["pain"])
    table = result.make_table(include_not_shown=True, columns=["name", "status", "why_shown=Why"])
    assert isinstance(table, carecompare.Table)
    for fmt in carecompare.FORMATS:
        assert table.render(fmt) == result.table(format=fmt, include_not_shown=True,
                                                 columns=["name", "status", "why_shown=Why"])
    assert table._repr_html_() == table.render("html")
    assert table._repr_markdown_() == table.render()
    assert table.render("html", full_page=True).startswith("<!DOCTYPE html>")
    assert table.columns == [{"field": "name", "label": "Care Strategy"}, {"field": "status", "label": "Status"},
                             {"field": "why_shown", "label": "Why"}]
    assert [row["id"] for row in table.rows] == [o.id for o in result.relevant + result.not_shown]
    first = table.rows[0]["cells"]
    assert first == {"name": "Radiation Therapy", "status": "Shown (score 3)",
                     "why_shown": [r.text for r in result.relevant[0].reasons]}
    assert table.disclaimer == builtin.disclaimer
    assert table.caption.startswith("Options that may be relevant to your answers")
    assert repr(table) == f"<Table {table.caption!r}: {len(table.rows)} rows, 3 columns>"
    assert table == result.make_table(include_not_shown=True, columns=["name", "status", "why_shown=Why"])
    assert table != result.make_table()


def test_catalog_table_object(builtin):
    table = builtin.make_table(only=["nutrition"], columns=["name", "benefits"])
    assert table.render("csv") == builtin.table(format="csv", only=["nutrition"], columns=["name", "benefits"])
    nutrition = builtin.strategy("nutrition")
    assert table.rows == [{"id": "nutrition", "cells": {"name": nutrition.name, "benefits": nutrition.benefits or []}}]
    assert table.caption == builtin.title


def test_table_objects_report_bad_options(builtin):
    with pytest.raises(RenderError, match="unknown column field"):
        builtin.make_table(columns=["nope"])
    with pytest.raises(RenderError, match="unknown strategy id"):
        builtin.filter().make_table(only=["nope"])
    with pytest.raises(TypeError, match="list of str"):
        builtin.make_table(columns="name")
    with pytest.raises(RenderError, match="unknown table format"):
        builtin.make_table().render("pdf")
    with pytest.raises(RenderError):
        builtin.make_table().render("text", width=3)


def test_ipython_chooses_the_html_display(builtin):
    formatters = pytest.importorskip(
        "IPython.core.formatters", reason="IPython is not installed (Debian: apt-get install python3-ipykernel)")
    result = builtin.filter(sites=["bone"])
    for obj in (builtin, result, builtin.make_table()):
        data, _ = formatters.DisplayFormatter().format(obj)
        assert data["text/html"] == obj._repr_html_()
        assert data["text/markdown"] == obj._repr_markdown_()
