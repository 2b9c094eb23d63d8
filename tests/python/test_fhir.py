# SPDX-License-Identifier: MIT
"""Health records (FHIR R4) from Python: Catalog.read_fhir() and Catalog.filter(fhir=...), which
must say what the C++ reader says (the command line's `show --fhir` is compared when CTest names
it in CARECOMPARE_CLI)."""
import json
import os
import subprocess
from pathlib import Path

import pytest

import carecompare

FHIR_DIR = Path(__file__).resolve().parents[1] / "data" / "fhir"
CLI = os.environ.get("CARECOMPARE_CLI")


def record(name):
    return (FHIR_DIR / name).read_text(encoding="utf-8")


def test_read_fhir_from_text_values_and_path_agree(builtin):
    from_text = builtin.read_fhir(record("bone-and-liver.json"))
    assert from_text == builtin.read_fhir(json.loads(record("bone-and-liver.json")))
    assert from_text == builtin.read_fhir(FHIR_DIR / "bone-and-liver.json")
    assert from_text == builtin.read_fhir(record("bone-and-liver.json").encode("utf-8"))
    assert [s["id"] for s in from_text["sites"]] == ["bone", "liver"]
    bone = from_text["sites"][0]["sources"][0]
    assert (bone["resource_type"], bone["id"], bone["pointer"]) == ("Condition", "bone-mets", "/entry/0/resource")
    assert from_text["unknown_codes"] == [
        {"system": "http://snomed.info/sct", "code": "254837009", "display": "Malignant neoplasm of breast",
         "count": 1}
    ]
    assert from_text["summary"].startswith("From the health record: Where the cancer has spread: bones (Secondary malignant neoplasm of bone, 2024-03-01)")


def test_filter_fhir_opens_the_lists_the_record_names(builtin):
    result = builtin.filter(fhir=record("prefetch.json"))
    assert result.circumstances["sites"] == ["bone"]
    assert result.circumstances["symptoms"] == ["pain"]
    assert result.circumstances["open"] == ["sites", "symptoms"]
    assert result.circumstances["not_answered"] == ["goals"]
    assert result.record["symptoms"][0]["sources"][0]["id"] == "pain"
    assert result.to_dict()["record"] == result.record
    assert builtin.filter(sites=["bone"]).record is None


def test_each_reason_cites_the_record(builtin):
    # Issue 22: systemic, radiation and physical therapy shown, each reason citing the record.
    result = builtin.filter(fhir=record("bone-and-liver.json"))
    bones = "bones (Secondary malignant neoplasm of bone, 2024-03-01)"
    cited = {o.id: [r.from_record for r in o.reasons] for o in result.relevant}
    assert cited["systemic-therapy"] == [
        "From the health record: Where the cancer has spread: " + bones
        + " and liver (Secondary malignant neoplasm of liver and intrahepatic bile duct, 2024-05-20)."]
    assert cited["radiation-therapy"] == ["From the health record: Where the cancer has spread: " + bones + "."]
    assert cited["physical-therapy"] == ["From the health record: Where the cancer has spread: " + bones + "."]
    assert cited["monitoring"] == [None]
    physical = next(o for o in result.relevant if o.id == "physical-therapy")
    assert physical.reasons[0].to_dict() == result.to_dict()["relevant"][2]["reasons"][0]
    assert "from_record=" in repr(physical.reasons[0])
    assert bones in result.table()
    # The person's own answers are theirs: the pain reason cites nothing.
    pain = builtin.filter(symptoms=["pain"], fhir=record("bone-and-liver.json"))
    reasons = next(o for o in pain.relevant if o.id == "radiation-therapy").reasons
    assert {r.rule: r.from_record is None for r in reasons} == {"bone-or-brain-site": False, "pain": True}
    assert all(r.from_record is None for o in builtin.filter(sites=["bone"]).relevant for r in o.reasons)


def test_filter_fhir_lists_given_close_theirs(builtin):
    result = builtin.filter(symptoms=["fatigue"], fhir=json.loads(record("prefetch.json")))
    assert result.circumstances["symptoms"] == ["fatigue", "pain"]
    assert result.circumstances["open"] == ["sites"]


def test_record_errors_point_into_the_record(builtin):
    with pytest.raises(carecompare.RecordError) as e:
        builtin.read_fhir({"resourceType": "Bundle", "entry": {}})
    assert (e.value.id, e.value.path, e.value.kind) == (705, "/entry", "fhir")
    assert isinstance(e.value, ValueError)
    with pytest.raises(carecompare.RecordError) as e:
        builtin.filter(fhir='{"resourceType": ')
    assert e.value.id == 701 and e.value.line == 1
    with pytest.raises(carecompare.RecordError) as e:
        builtin.read_fhir([{"id": "x"}])
    assert (e.value.id, e.value.path) == (704, "/0")
    with pytest.raises(carecompare.RecordError) as e:
        builtin.read_fhir({"resourceType": "Observation", "valueQuantity": {"value": float("nan")}})
    assert e.value.path == "/valueQuantity/value"


@pytest.mark.skipif(not CLI, reason="CARECOMPARE_CLI is not set (run through CTest)")
@pytest.mark.parametrize("name", ["bone-and-liver.json", "prefetch.json", "condition-statuses.json"])
def test_filter_fhir_agrees_with_the_command_line(builtin, name):
    path = FHIR_DIR / name
    cli = subprocess.run([CLI, "show", "--fhir", str(path), "--format", "json"], capture_output=True, text=True,
                         timeout=60, check=True)
    assert json.loads(cli.stdout) == builtin.filter(fhir=path).to_dict()


# ---- The catalog as a FHIR PlanDefinition --------------------------------------------------


def test_to_plan_definition_one_action_per_option(builtin):
    plan = builtin.to_plan_definition()
    assert plan["resourceType"] == "PlanDefinition" and "url" not in plan
    assert [a["title"] for a in plan["action"]] == [s.name for s in builtin.strategies]
    assert plan["action"][0]["condition"][0]["expression"]["language"] == "text/fhirpath"
    url = builtin.to_plan_definition(base_url="https://fhir.example.org")["url"]
    assert url == "https://fhir.example.org/PlanDefinition/metastatic-breast-cancer"


def test_to_plan_definition_untranslatable_rules(builtin):
    doc = json.loads(builtin.to_json())
    doc["rules"][3]["when"] = {"if": [{"in": ["pain", {"var": "symptoms"}]}, True, False]}
    cat = carecompare.Catalog.from_json(doc)
    with pytest.raises(carecompare.LogicError) as e:
        cat.to_plan_definition()
    assert e.value.id == 505 and e.value.path == "/rules/3/when/if"
    kept = cat.to_plan_definition(untranslatable="keep")
    assert len(kept["action"]) == len(cat.strategies)
    with pytest.raises(ValueError):
        cat.to_plan_definition(untranslatable="maybe")
