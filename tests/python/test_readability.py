# SPDX-License-Identifier: MIT
"""Catalog.readability(): grades held against GNU diction's `style` (Debian's diction), text by
text, and the builtin catalog's own text at SMOG grade 8 or lower with the article's phrases
marked as quotations."""
import copy
import re
import shutil
import subprocess

import pytest

from carecompare import Catalog


def resolve(doc, pointer):
    node = doc
    for token in pointer.split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def style_kincaid(tmp_path, text):
    path = tmp_path / "text.txt"
    path.write_text(text if text.rstrip().endswith((".", "!", "?")) else text + ".", encoding="utf-8")
    out = subprocess.run(["style", str(path)], capture_output=True, text=True, timeout=30, check=True).stdout
    return float(re.search(r"Kincaid:\s*(-?[0-9.]+)", out).group(1))


@pytest.mark.skipif(shutil.which("style") is None, reason="GNU diction's style is not installed (apt-get install diction)")
def test_grades_agree_with_diction_within_one_grade(builtin, tmp_path):
    doc = builtin.to_dict()
    report = builtin.readability()
    compared = []
    for t in report["texts"]:
        text = resolve(doc, t["pointer"])
        if t["words"] < 4:
            continue  # a label: too short for a grade to mean anything
        if text[:1].islower():
            continue  # a fragment that another label holds ("{items} and {item}"): diction grades sentences
        if re.search(r"\b[AEIOU]", text):
            continue  # diction reads a capital vowel as a consonant ("Improves": 2 syllables), we do not
        theirs = style_kincaid(tmp_path, text)
        compared.append((t["pointer"], round(t["grade"], 1), theirs))
    assert len(compared) >= 20
    far = [c for c in compared if abs(c[1] - c[2]) > 1.0]
    assert far == []


def test_the_builtin_catalog_reads_at_smog_8_or_lower(builtin):
    report = builtin.readability()
    assert report["smog"] <= 8.0, report["smog"]
    assert report["warnings"] == []
    quoted = [t["pointer"] for t in report["texts"] if t["quoted"]]
    assert report["quoted"] == len(quoted) > 0
    # The article's table, word for word, is what is quoted.
    assert "/strategies/0/purpose" in quoted and "/strategies/0/use_cases/0" in quoted


def test_a_hard_text_is_a_warning_at_its_pointer(builtin):
    doc = builtin.to_dict()
    doc["strategies"][3]["considerations"] = [
        "Individualized nutritional interventions necessitate comprehensive multidisciplinary consultation "
        "regarding physiological considerations, pharmacological interactions and metabolic complications."]
    report = Catalog.from_json(doc).readability()
    assert [(w.id, w.pointer) for w in report["warnings"]] == [(245, "/strategies/3/considerations/0")]
    # A quotation is counted, not graded.
    doc["quotations"] = doc.get("quotations", []) + ["/strategies/3/considerations/0"]
    quoted = Catalog.from_json(doc).readability()
    assert quoted["warnings"] == []
    assert quoted["quoted"] == report["quoted"] + 1
    assert Catalog.from_json(doc).readability(max_grade=60)["warnings"] == []


def test_a_quotation_must_name_a_text(builtin):
    doc = builtin.to_dict()
    doc["quotations"] = ["/strategies/99/purpose"]
    with pytest.raises(ValueError) as e:
        Catalog.from_json(doc)
    assert e.value.path == "/quotations/0"
