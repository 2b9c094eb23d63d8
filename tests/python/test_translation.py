# SPDX-License-Identifier: MIT
"""Catalog.with_translation(): overlays from a path, text or dict; coverage; strict errors."""
import json

import pytest

from carecompare import Catalog, CatalogError

from conftest import ROOT

ES = ROOT / "tests" / "data" / "translations" / "es.json"


def spanish():
    return json.loads(ES.read_text(encoding="utf-8"))


def test_path_text_and_dict_give_the_same_translated_catalog(builtin):
    from_path = builtin.with_translation(ES)
    assert from_path.locale == "es"
    assert from_path.strategy("clinical-trials").name == "Ensayos clínicos"
    assert builtin.with_translation(ES.read_text(encoding="utf-8")) == from_path
    assert builtin.with_translation(ES.read_bytes()) == from_path
    assert builtin.with_translation(spanish()) == from_path
    assert builtin.locale == "en" and builtin.translation is None


def test_the_report_gives_coverage_and_missing_texts(builtin):
    report = builtin.with_translation(ES).translation
    assert report["locale"] == "es" and report["catalog_locale"] == "en"
    assert report["reviewed"] is False
    assert report["missing"] == ["/sources/mbc-article/title"]
    assert report["translated"] == report["texts"] - 1
    assert report["summary"].startswith("es: 99% of ")
    assert [w.id for w in report["warnings"]] == [254]


def test_filters_the_same_and_says_so_in_its_outputs(builtin):
    es = builtin.with_translation(ES)
    args = dict(sites=["bone", "liver"], symptoms=["fatigue"], goals=["explore-new-treatments"])
    en_result, es_result = builtin.filter(**args), es.filter(**args)
    assert [(o.id, o.score) for o in es_result.relevant] == [(o.id, o.score) for o in en_result.relevant]
    assert es_result.to_dict()["catalog"]["translation"]["locale"] == "es"
    assert "Esta traducción no ha sido revisada." in es.table()
    assert json.loads(es.table(format="json"))["catalog"]["translation"]["reviewed"] is False


def test_bad_overlays_raise_catalog_error_with_pointers(builtin):
    doc = spanish()
    doc["rules"]["no-such-rule"] = {"reason": "x"}
    with pytest.raises(CatalogError) as e:
        builtin.with_translation(doc)
    assert e.value.path == "/rules/no-such-rule"
    assert e.value.problems[0].id == 252
    doc = spanish()
    doc["strategies"]["nutrition"]["use_cases"] = ["solo uno"]
    with pytest.raises(CatalogError) as e:
        builtin.with_translation(doc)
    assert e.value.path == "/strategies/nutrition/use_cases" and e.value.problems[0].id == 253
    with pytest.raises(CatalogError):
        builtin.with_translation("{not json")
    with pytest.raises(CatalogError):
        builtin.with_translation(ROOT / "tests" / "data" / "translations" / "missing.json")


def test_from_file_picks_a_translation_by_locale():
    path = ROOT / "data" / "catalogs" / "metastatic-breast-cancer.json"
    assert Catalog.from_file(path, translations=[ES], locale="es-MX").locale == "es"
    assert Catalog.from_file(path, translations=[str(ES)], locale="de").locale == "en"
    assert Catalog.from_file(path, translations=[ES]).translation["locale"] == "es"
    assert Catalog.from_file(path).translation is None
