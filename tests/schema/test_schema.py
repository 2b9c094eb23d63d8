# SPDX-License-Identifier: MIT
"""The catalog's JSON Schema, checked by a real validator (Debian's python3-jsonschema).

Every catalog the loader accepts passes the schema; every structurally invalid catalog (an
unknown key, a wrong type, a bad enum, a bad id, a missing key...) fails the schema *and* the
loader, and each test asserts both. CARECOMPARE_CLI names the binary (CTest sets it).
"""
import copy
import json
import os
import re
import subprocess
from pathlib import Path

import jsonschema
import pytest

CLI = os.environ.get("CARECOMPARE_CLI", "carecompare")
ROOT = Path(__file__).resolve().parents[2]
BUILTIN = ROOT / "data" / "catalogs" / "metastatic-breast-cancer.json"
COMMITTED = ROOT / "data" / "schema" / "catalog.schema.json"
CORPUS = sorted((ROOT / "fuzz" / "corpus" / "catalog").glob("*.json"))


def run(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def validator():
    out = run("schema")
    assert out.returncode == 0, out.stderr
    schema = json.loads(out.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def builtin():
    return json.loads(BUILTIN.read_text(encoding="utf-8"))


def schema_errors(validator, doc):
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(doc)]


def loader(tmp_path, doc, name="catalog.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return run("validate", str(path))


def test_the_cli_prints_the_committed_schema():
    out = run("schema")
    assert out.returncode == 0
    assert json.loads(out.stdout) == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_the_builtin_catalog_passes(validator):
    assert schema_errors(validator, builtin()) == []


def test_a_catalog_may_name_its_schema(validator, tmp_path):
    doc = builtin()
    doc["$schema"] = "../schema/catalog.schema.json"
    assert schema_errors(validator, doc) == []
    assert loader(tmp_path, doc).returncode == 0


def test_the_smallest_catalog_passes(validator, tmp_path):
    doc = builtin()
    doc["strategies"] = doc["strategies"][:1]
    doc["rules"] = [{"id": "all", "description": "Shown to everyone.", "when": True, "show": [doc["strategies"][0]["id"]],
                     "reason": "Everyone."}]
    for key in ("facts", "extensions", "quotations"):
        doc.pop(key, None)
    assert loader(tmp_path, doc).returncode == 0
    assert schema_errors(validator, doc) == []


def test_optional_keys_pass(validator, tmp_path):
    doc = builtin()
    doc["facts"] = [{"id": "pain_score", "type": "number", "label": "Pain score", "description": "0 to 10"},
                    {"id": "stage-group", "type": "string", "label": "Stage group", "description": "Group.",
                     "values": ["early", "advanced"]}]
    doc["extensions"] = {"app": {"anything": [1, 2]}}
    doc["rules"][0]["weight"] = 2.5
    doc["rules"][0]["absent_is"] = "null"
    doc["rules"][0]["hide"] = [doc["strategies"][-1]["id"]]
    doc["locale"] = "zh-Hant-TW"
    doc["version"] = "1.2.0-rc.1+build.5"
    doc["sources"][0]["accessed"] = "2024-02-29"
    assert loader(tmp_path, doc).returncode == 0
    assert schema_errors(validator, doc) == []


# What the loader and the schema say of every catalog of the fuzz corpus (fuzz/corpus/catalog).
# The loader: accepted ([]), or each error as (id, where): the JSON Pointer, or line:column when
# the text is not JSON it reads. The schema: "valid", "unreadable" when Python's json cannot read
# the text either, or the JSON paths of its errors. A corpus catalog without an entry fails: give it
# the verdict a reader of the catalog expects.
CORPUS_VERDICTS = {
    "bad-utf8": ([(201, "1:50")], "unreadable"),  # the byte that starts the broken sequence
    "builtin": ([], "valid"),
    "deep": ([(203, "1:257")], {"$"}),
    "hostile": ([], "valid"),
    # Python's json reads a lone surrogate; the document is a title and nothing else.
    "lone-surrogate": ([(201, "1:18")], {"$"}),
    "minus-zero": ([], "valid"),
    "nul-byte": ([(201, "1:36")], "unreadable"),
    # 1e400 is past a double's range: the loader refuses it, Python reads it as inf, which the
    # schema's "number" allows.
    "numbers": ([(201, "1:1267")], "valid"),
    "small": ([], "valid"),
    # The schema cannot know the operators of a rule's `when`.
    "unknown-keys": ([(206, "/colour"), (216, "/rules/0/when")], {"$"}),
    "wrong-types": ([(204, "/strategies/0/id"), (204, "/strategies/0/name"), (207, "/strategies/0/kind"),
                     (205, "/strategies/0/scope"), (205, "/strategies/0/purpose"), (205, "/strategies/0/use_cases"),
                     (205, "/strategies/0/sources"), (204, "/rules")],
                    {"$.rules", "$.strategies[0]", "$.strategies[0].id", "$.strategies[0].kind", "$.strategies[0].name"}),
}


def loader_errors(path):
    """(id, where) of each error `carecompare validate` reports for the file, in order."""
    out = run("validate", str(path))
    errors = []
    for line in out.stderr.splitlines():
        found = re.fullmatch(re.escape(str(path)) + r"(?::(\d+:\d+))?: error \[(\d+)\]: (?:(/[^:]*): )?.*", line)
        if found:
            position, number, pointer = found.groups()
            errors.append((int(number), position if position is not None else pointer))
    assert (out.returncode == 0) == (errors == []), out.stderr
    return errors


def test_every_corpus_catalog_has_a_verdict():
    assert sorted(p.stem for p in CORPUS) == sorted(CORPUS_VERDICTS)


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_every_corpus_catalog_gets_its_verdict(validator, path):
    """The loader's verdict and errors, and the schema's; loader accepts => schema passes."""
    loader_expected, schema_expected = CORPUS_VERDICTS[path.stem]
    assert loader_errors(path) == loader_expected
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        assert schema_expected == "unreadable"
        return
    schema_paths = {e.json_path for e in validator.iter_errors(doc)}
    assert schema_paths == (set() if schema_expected == "valid" else schema_expected)
    if not loader_expected:
        assert not schema_paths, "the schema refuses a catalog the loader accepts"


def mutate(path, value=None, delete=False):
    """A copy of the builtin catalog with the value at `path` (a list of keys) set or deleted."""
    def apply(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        if delete:
            del node[path[-1]]
        else:
            node[path[-1]] = value
        return doc
    return apply


# (name, mutation, the loader's error id): each structurally invalid.
INVALID = [
    ("unknown-top-level-key", mutate(["colour"], "blue"), 206),
    ("unknown-strategy-key", mutate(["strategies", 0, "cost"], "low"), 206),
    ("misspelt-rule-key", mutate(["rules", 0, "reson"], "x"), 206),
    ("title-not-a-string", mutate(["title"], 3), 204),
    ("use-cases-not-a-list", mutate(["strategies", 0, "use_cases"], "Often"), 204),
    ("weight-not-a-number", mutate(["rules", 0, "weight"], "2"), 204),
    ("vocabulary-not-an-object", mutate(["vocabulary"], []), 204),
    ("schema-key-not-a-string", mutate(["$schema"], 1), 204),
    ("bad-kind", mutate(["strategies", 0, "kind"], "cure"), 207),
    ("bad-scope", mutate(["strategies", 0, "scope"], "whole_person"), 207),
    ("bad-absent-is", mutate(["rules", 0, "absent_is"], "false"), 207),
    ("bad-strategy-id", mutate(["strategies", 0, "id"], "Systemic_Therapy"), 214),
    ("bad-rule-id", mutate(["rules", 0, "id"], "-spread"), 214),
    ("bad-site-id", mutate(["vocabulary", "sites", 0, "id"], "bone site"), 214),
    ("bad-catalog-id", mutate(["id"], "a--b"), 214),
    ("missing-title", mutate(["title"], delete=True), 205),
    ("missing-strategy-purpose", mutate(["strategies", 1, "purpose"], delete=True), 205),
    ("missing-rule-when", mutate(["rules", 0, "when"], delete=True), 205),
    ("missing-columns", mutate(["columns"], delete=True), 205),
    ("empty-name", mutate(["strategies", 0, "name"], "   "), 208),
    ("empty-use-cases", mutate(["strategies", 0, "use_cases"], []), 208),
    ("control-character", mutate(["disclaimer"], "Read\u0007 this"), 219),
    ("bad-date", mutate(["published"], "2025/01/01"), 211),
    ("bad-version", mutate(["version"], "1.0"), 212),
    ("version-leading-zero", mutate(["version"], "1.02.0"), 212),
    ("bad-format", mutate(["format"], "carecompare.catalog/2"), 213),
    ("bad-locale", mutate(["locale"], "english!"), 215),
    ("unknown-column-field", mutate(["columns", 0, "field"], "price"), 210),
]


@pytest.mark.parametrize("name,change,error_id", INVALID, ids=[case[0] for case in INVALID])
def test_structurally_invalid_catalogs_fail_the_schema_and_the_loader(validator, tmp_path, name, change, error_id):
    doc = change(copy.deepcopy(builtin()))
    assert schema_errors(validator, doc) != [], f"{name}: the schema accepts it"
    out = loader(tmp_path, doc)
    assert out.returncode == 2, f"{name}: the loader accepts it"
    assert f"[{error_id}]" in out.stderr, out.stderr
