# SPDX-License-Identifier: MIT
"""Translations on the command line: --translation and --locale, validate's coverage, the
template, and the round trip through gettext PO with translate-toolkit's json2po and po2json.

CARECOMPARE_CLI names the binary (CTest sets it).
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

CLI = os.environ.get("CARECOMPARE_CLI", "carecompare")
ROOT = Path(__file__).resolve().parents[2]
BUILTIN = ROOT / "data" / "catalogs" / "metastatic-breast-cancer.json"
ES = ROOT / "tests" / "data" / "translations" / "es.json"


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=60)


def tool(*args):
    out = subprocess.run(list(args), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out


def spanish():
    return json.loads(ES.read_text(encoding="utf-8"))


def write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    return str(path)


def texts_of(overlay):
    """Every translatable text of an overlay, by JSON Pointer (metadata left out)."""
    out = {}

    def walk(value, pointer):
        if isinstance(value, str):
            out[pointer] = value
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, pointer + "/" + k)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, pointer + "/" + str(i))

    for key, value in overlay.items():
        if key not in ("format", "catalog", "catalog_version", "locale", "reviewed"):
            walk(value, "/" + key)
    return out


# ---- table and show in a locale -----------------------------------------------------------

def test_table_in_spanish_with_the_not_reviewed_note():
    out = run("table", "--translation", str(ES))
    assert out.returncode == 0, out.stderr
    assert "| Opción de cuidado | Propósito | Usos comunes |" in out.stdout
    assert "| Terapia sistémica | Actúa sobre las células cancerosas en todo el cuerpo |" in out.stdout
    assert "Esta traducción no ha sido revisada." in out.stdout


def test_locale_falls_back_from_region_to_language_then_to_the_catalog():
    es_mx = run("table", "-t", str(ES), "--locale", "es-MX", "--format", "json")
    assert es_mx.returncode == 0, es_mx.stderr
    doc = json.loads(es_mx.stdout)
    assert doc["catalog"]["locale"] == "es"
    assert doc["catalog"]["translation"] == {
        "locale": "es", "catalog_version": "1.0.0", "reviewed": False,
        "note": "Traducción: es, de la versión 1.0.0 del catálogo. Esta traducción no ha sido revisada."}
    german = json.loads(run("table", "-t", str(ES), "--locale", "de", "--format", "json").stdout)
    assert german["catalog"]["locale"] == "en"
    assert "translation" not in german["catalog"]
    html = run("table", "-t", str(ES), "-l", "es", "--format", "html", "--full-page").stdout
    assert '<html lang="es" dir="ltr">' in html


def test_show_filters_the_same_in_both_languages():
    args = ["show", "--site", "bone,liver", "--symptom", "pain", "--goal", "stay-active", "--format", "json"]
    en = json.loads(run(*args).stdout)
    es = json.loads(run(*args, "-t", str(ES)).stdout)
    assert [o["id"] for o in es["relevant"]] == [o["id"] for o in en["relevant"]]
    assert [o["score"] for o in es["relevant"]] == [o["score"] for o in en["relevant"]]
    assert es["catalog"]["translation"]["locale"] == "es"
    assert es["relevant"][0]["name"] != en["relevant"][0]["name"]


def test_a_broken_translation_is_bad_input_with_its_pointer(tmp_path):
    doc = spanish()
    doc["strategies"]["homeopathy"] = {"name": "Homeopatía"}
    bad = write(tmp_path, "bad.json", doc)
    out = run("table", "-t", bad)
    assert out.returncode == 2
    assert "/strategies/homeopathy" in out.stderr and "[carecompare.catalog.252]" in out.stderr
    out = run("validate", str(BUILTIN), "-t", bad)
    assert out.returncode == 2
    assert "bad.json: error [252]: /strategies/homeopathy" in out.stderr


# ---- validate and the template ------------------------------------------------------------

def test_validate_reports_coverage():
    out = run("validate", str(BUILTIN), "--translation", str(ES))
    assert out.returncode == 0, out.stderr
    line = [l for l in out.stdout.splitlines() if l.startswith(str(ES))][0]
    texts = len(texts_of(spanish())) + 1  # the overlay leaves the source's title out
    assert line == f"{ES}: es: 99% of {texts} texts; missing: /sources/mbc-article/title; not reviewed"
    assert run("validate", "--strict", str(BUILTIN), "--translation", str(ES)).returncode == 2


def test_template_holds_every_text_and_counts_as_untranslated(tmp_path):
    out = run("translation", "template", str(BUILTIN), "--locale", "fr", "-o", str(tmp_path / "fr.json"))
    assert out.returncode == 0, out.stderr
    template = json.loads((tmp_path / "fr.json").read_text(encoding="utf-8"))
    assert template["locale"] == "fr" and template["catalog"] == "metastatic-breast-cancer"
    trials = next(s for s in json.loads(BUILTIN.read_text(encoding="utf-8"))["strategies"] if s["id"] == "clinical-trials")
    assert template["strategies"]["clinical-trials"]["benefits"][1] == trials["benefits"][1]
    n = len(texts_of(template))
    report = run("validate", str(BUILTIN), "-t", str(tmp_path / "fr.json"))
    assert report.returncode == 0, report.stderr
    assert f"fr: 0% of {n} texts; missing: /title, /condition" in report.stdout
    # The builtin catalog's template is the same, and the Spanish overlay covers its texts.
    assert run("translation", "template", "--locale", "fr").stdout == (tmp_path / "fr.json").read_text(encoding="utf-8")
    assert set(texts_of(spanish())) | {"/sources/mbc-article/title"} == set(texts_of(template))
    assert run("translation", "template", str(BUILTIN)).returncode == 1  # --locale is required


# ---- gettext PO through translate-toolkit --------------------------------------------------

needs_toolkit = pytest.mark.skipif(shutil.which("json2po") is None or shutil.which("po2json") is None,
                                   reason="translate-toolkit (json2po, po2json) is not installed")


@needs_toolkit
def test_po_round_trip_keeps_every_translation(tmp_path):
    template = tmp_path / "template.json"
    assert run("translation", "template", "--locale", "es", "-o", str(template)).returncode == 0
    # Export: the Spanish overlay as a PO file (msgid English, msgstr Spanish). json2po reads
    # strings only, so `reviewed` stays out of what is exported.
    es = spanish()
    del es["reviewed"]
    source = write(tmp_path, "es-texts.json", es)
    tool("json2po", "--progress=none", "-t", str(template), "-i", source, "-o", str(tmp_path / "es.po"))
    po = (tmp_path / "es.po").read_text(encoding="utf-8")
    assert 'msgid "Clinical Trials"\nmsgstr "Ensayos clínicos"' in po
    # Import: back to an overlay, which gives the same tables as the original.
    tool("po2json", "--progress=none", "-t", str(template), "-i", str(tmp_path / "es.po"),
         "-o", str(tmp_path / "back.json"))
    back = json.loads((tmp_path / "back.json").read_text(encoding="utf-8"))
    assert texts_of(back) == {**texts_of(spanish()), "/sources/mbc-article/title":
                              "Understanding Metastatic Breast Cancer: Pathways, Management, and Support"}
    for fmt in ["markdown", "json"]:
        assert run("table", "-t", str(tmp_path / "back.json"), "--format", fmt).stdout == \
            run("table", "-t", str(ES), "--format", fmt).stdout
    out = run("validate", str(BUILTIN), "-t", str(tmp_path / "back.json"))
    assert "es: 99% of" in out.stdout and "missing: /sources/mbc-article/title" in out.stdout


@needs_toolkit
def test_an_untranslated_po_entry_falls_back_and_is_reported(tmp_path):
    template = tmp_path / "template.json"
    assert run("translation", "template", "--locale", "es", "-o", str(template)).returncode == 0
    tool("json2po", "--progress=none", "-i", str(template), "-o", str(tmp_path / "es.pot"))
    pot = (tmp_path / "es.pot").read_text(encoding="utf-8")
    # A translator translates one entry; every other msgstr stays empty.
    entry = 'msgid "Clinical Trials"\nmsgstr ""'
    assert entry in pot
    (tmp_path / "es.po").write_text(pot.replace(entry, 'msgid "Clinical Trials"\nmsgstr "Ensayos clínicos"'),
                                    encoding="utf-8")
    tool("po2json", "--progress=none", "-t", str(template), "-i", str(tmp_path / "es.po"),
         "-o", str(tmp_path / "es.json"))
    out = run("validate", str(BUILTIN), "-t", str(tmp_path / "es.json"))
    assert out.returncode == 0, out.stderr
    n = len(texts_of(json.loads(template.read_text(encoding="utf-8"))))
    assert f"es: 0% of {n} texts; missing: /title" in out.stdout  # 1 of n rounds down to 0%
    table = run("table", "-t", str(tmp_path / "es.json"), "--only", "clinical-trials,monitoring").stdout
    assert "| Ensayos clínicos |" in table and "| Regular Monitoring |" in table
