# SPDX-License-Identifier: MIT
"""The carecompare command line, run as a user runs it: output, exit status, error messages.

CARECOMPARE_CLI names the binary (CTest sets it); CARECOMPARE_SHARED_DIR the shared data.
"""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

CLI = os.environ.get("CARECOMPARE_CLI", "carecompare")
ROOT = Path(__file__).resolve().parents[2]
BUILTIN = ROOT / "data" / "catalogs" / "metastatic-breast-cancer.json"
OVERLAY = ROOT / "tests" / "data" / "facts" / "overlay.json"

ARTICLE_TABLE = [
    "| Care Strategy | Purpose | Common Use Cases |",
    "| Systemic Therapy | Targets cancer cells system-wide | Used when cancer has spread to multiple areas |",
    "| Radiation Therapy | Reduces localized tumors or pain | Applied to specific sites like bones or brain |",
    "| Physical Therapy | Improves mobility and reduces fatigue | Recommended for patients with bone involvement |",
]


def run(*args, stdin=None):
    return subprocess.run([CLI, *args], capture_output=True, text=True, input=stdin, timeout=60)


def builtin():
    return json.loads(BUILTIN.read_text(encoding="utf-8"))


def write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, indent=2), encoding="utf-8")
    return str(path)


# ---- table -------------------------------------------------------------------------------

def test_table_prints_the_article_table_word_for_word():
    out = run("table", "--only", "systemic-therapy,radiation-therapy,physical-therapy")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    header = lines.index(ARTICLE_TABLE[0])
    assert lines[header + 2:header + 5] == ARTICLE_TABLE[1:]


def test_table_carries_disclaimer_and_review_date_in_every_format():
    disclaimer = builtin()["disclaimer"]
    for fmt in ["markdown", "html", "text", "csv", "json"]:
        out = run("table", "--format", fmt)
        assert out.returncode == 0, (fmt, out.stderr)
        flat = " ".join(out.stdout.split())
        assert "informational purposes" in flat, fmt
        assert "2026-11-26" in out.stdout, fmt
        if fmt == "json":
            assert json.loads(out.stdout)["disclaimer"] == disclaimer


def test_table_columns_and_only():
    out = run("table", "--format", "json", "--columns", "name,benefits=Pros", "--only", "nutrition")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [c["label"] for c in doc["columns"]] == ["Care Strategy", "Pros"]
    assert [r["id"] for r in doc["rows"]] == ["nutrition"]


def test_table_html_full_page():
    out = run("table", "--format", "html", "--full-page")
    assert out.returncode == 0
    assert out.stdout.lstrip().lower().startswith("<!doctype html>")
    assert '<th scope="col">' in out.stdout


def test_table_unknown_column_or_id_is_bad_input():
    out = run("table", "--columns", "name,colour")
    assert out.returncode == 2
    assert "colour" in out.stderr
    out = run("table", "--only", "radiotherapy")
    assert out.returncode == 2
    assert "radiotherapy" in out.stderr


def test_table_with_a_catalog_file(tmp_path):
    doc = builtin()
    doc["strategies"][0]["name"] = "Whole-body Therapy"
    path = write(tmp_path, "c.json", doc)
    out = run("table", "--catalog", path)
    assert out.returncode == 0, out.stderr
    assert "Whole-body Therapy" in out.stdout


def test_missing_catalog_file_is_bad_input():
    out = run("table", "--catalog", "/nonexistent/c.json")
    assert out.returncode == 2
    assert "/nonexistent/c.json" in out.stderr


# ---- show --------------------------------------------------------------------------------

def test_show_bone_and_pain_lists_reasons_and_disclaimer():
    out = run("show", "--site", "bone", "--symptom", "pain")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.index("Radiation Therapy") < text.index("Physical Therapy") < text.index("Pain Management")
    assert "The cancer is in the bones or the brain. Radiation therapy is used on such sites." in text
    assert "The cancer involves the bones. Physical therapy is often used when it does." in text
    assert "informational purposes" in " ".join(text.split())
    assert "Clinical Trials" not in text


def test_show_json_has_the_documented_shape():
    out = run("show", "--site", "bone", "--site", "liver", "--goal", "explore-new-treatments", "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert set(doc) == {"catalog", "circumstances", "relevant", "not_shown", "disclaimer", "sources"}
    assert doc["sources"] == builtin()["sources"]  # the README: every JSON document carries them
    assert doc["catalog"]["id"] == "metastatic-breast-cancer"
    assert doc["circumstances"]["sites"] == ["bone", "liver"]
    first = doc["relevant"][0]
    assert set(first) == {"id", "name", "score", "reasons"}
    assert set(first["reasons"][0]) == {"rule", "text"}
    ids = [r["id"] for r in doc["relevant"]]
    assert "systemic-therapy" in ids and "clinical-trials" in ids
    assert all({"id", "name", "rules"} <= set(n) for n in doc["not_shown"])


def test_show_explain_adds_why_not():
    plain = run("show", "--site", "liver", "--format", "text")
    explained = run("show", "--site", "liver", "--format", "text", "--explain")
    assert plain.returncode == 0 and explained.returncode == 0
    assert "Clinical Trials" not in plain.stdout
    assert "Clinical Trials" in explained.stdout
    assert "Not shown" in explained.stdout


def test_show_comma_separated_values_and_facts(tmp_path):
    doc = builtin()
    doc["facts"] = [{"id": "pain_score", "type": "number", "label": "Pain score", "description": "0-10"}]
    doc["rules"].append({"id": "strong-pain", "description": "Pain 7+", "when": {">=": [{"var": "pain_score"}, 7]},
                         "show": ["clinical-trials"], "reason": "Strong pain."})
    path = write(tmp_path, "facts.json", doc)
    out = run("show", "--catalog", path, "--symptom", "pain,fatigue", "--fact", "pain_score=8", "--format", "json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["circumstances"]["symptoms"] == ["pain", "fatigue"]
    assert result["circumstances"]["facts"] == {"pain_score": 8}
    assert "clinical-trials" in [r["id"] for r in result["relevant"]]


def with_overlay(tmp_path):
    """The builtin catalog with the facts and rules of tests/data/facts/overlay.json, as a file."""
    doc = builtin()
    overlay = json.loads(OVERLAY.read_text(encoding="utf-8"))
    doc["facts"] = overlay["facts"]
    doc["rules"] += overlay["rules"]
    return write(tmp_path, "overlay.json", doc)


MILD_PAIN_REASON = "Your pain is mild, so moderate physical activity may be comfortable."


def test_show_lists_what_depends_on_facts_not_answered(tmp_path):
    path = with_overlay(tmp_path)
    for fmt in ["markdown", "html", "text", "csv"]:
        wide = ["--width", "1000"] if fmt == "text" else []  # no cell wraps mid-phrase
        out = run("show", "--catalog", path, "--site", "liver", "--format", fmt, *wide)
        assert out.returncode == 0, (fmt, out.stderr)
        flat = " ".join(out.stdout.split())
        assert "Depends on what you have not answered" in flat, fmt
        assert "Depends on" in flat and "Pain score" in flat, fmt
        assert MILD_PAIN_REASON not in flat, fmt
    doc = json.loads(run("show", "--catalog", path, "--site", "liver", "--format", "json").stdout)
    assert "physical-activity" in [o["id"] for o in doc["undecided"]]
    assert "physical-activity" not in [o["id"] for o in doc["relevant"]]
    assert doc["not_answered"] == ["pain_score", "walks_daily", "treatment_phase", "monitored_elsewhere"]
    # Answered, the reason is stated.
    answered = run("show", "--catalog", path, "--site", "liver", "--fact", "pain_score=2", "--format", "text", "--width", "1000")
    assert MILD_PAIN_REASON in " ".join(answered.stdout.split())


def test_show_open_and_not_answered_lists():
    # A record names bone and liver (open: maybe more) and no symptom (open); nobody gave goals.
    args = ["show", "--site", "bone,liver", "--open", "sites,symptoms", "--not-answered", "goals"]
    doc = json.loads(run(*args, "--format", "json").stdout)
    assert doc["circumstances"]["open"] == ["sites", "symptoms"]
    assert doc["circumstances"]["not_answered"] == ["goals"]
    assert "systemic-therapy" in [o["id"] for o in doc["relevant"]]
    undecided = {o["id"]: [l["label"] for l in o["lists"]] for o in doc["undecided"]}
    assert undecided, doc
    assert any("Symptoms you have" in labels for labels in undecided.values()), undecided
    assert any("What matters to you" in labels for labels in undecided.values()), undecided
    for fmt in ["markdown", "html", "text", "csv"]:
        wide = ["--width", "1000"] if fmt == "text" else []
        out = run(*args, "--format", fmt, *wide)
        assert out.returncode == 0, (fmt, out.stderr)
        flat = " ".join(out.stdout.split())
        assert "Depends on what you have not answered" in flat, fmt
        assert "Symptoms you have" in flat and "What matters to you" in flat, fmt
    # Closed (the default), the same answers say "no symptom, no goal": nothing is undecided.
    closed = json.loads(run("show", "--site", "bone,liver", "--format", "json").stdout)
    assert "undecided" not in closed and "open" not in closed["circumstances"]


def test_show_open_names_lists_and_refuses_contradictions():
    out = run("show", "--open", "symptom")
    assert out.returncode == 2 and "/open/0" in out.stderr and 'did you mean "symptoms"' in out.stderr
    out = run("show", "--open", "goals", "--not-answered", "goals")
    assert out.returncode == 2 and "/open/0" in out.stderr and "named twice" in out.stderr
    out = run("show", "--goal", "stay-active", "--not-answered", "goals")
    assert out.returncode == 2 and "/goals/0" in out.stderr and "not answered" in out.stderr


def test_validate_warns_about_a_rule_an_absent_fact_would_make_true(tmp_path):
    path = with_overlay(tmp_path)
    out = run("validate", path)
    assert out.returncode == 0, out.stderr
    assert "warning [242]" in out.stderr and "/rules/12/when" in out.stderr
    strict = run("validate", "--strict", path)
    assert strict.returncode == 2 and "error [242]" in strict.stderr


def test_show_unknown_id_is_bad_input_naming_allowed_ids():
    out = run("show", "--site", "bones")
    assert out.returncode == 2
    assert '"bones"' in out.stderr and "bone, liver, lung, brain" in out.stderr
    assert "/sites/0" in out.stderr


def test_show_bad_fact_is_bad_input():
    out = run("show", "--fact", "stage")
    assert out.returncode == 2 and "KEY=JSON" in out.stderr
    out = run("show", "--fact", "stage=four")
    assert out.returncode == 2 and "not JSON" in out.stderr


# ---- validate ----------------------------------------------------------------------------

def test_validate_accepts_the_builtin_catalog():
    out = run("validate", str(BUILTIN))
    assert out.returncode == 0, out.stderr
    assert "valid" in out.stdout


@pytest.mark.parametrize("pointer,value,expected", [
    ("/strategies/3/use_cases/0", "", "/strategies/3/use_cases/0"),
    ("/strategies/0/kind", "cure", "/strategies/0/kind"),
    ("/rules/0/show/0", "nobody", "/rules/0/show/0"),
    ("/strategies/1/colour", "red", "/strategies/1/colour"),
    ("/published", "2026-02-30", "/published"),
    ("/version", "v1", "/version"),
    ("/format", "other/1", "/format"),
    ("/strategies/1/id", "systemic-therapy", "/strategies/1/id"),
    ("/strategies/2/sources/0", "nope", "/strategies/2/sources/0"),
])
def test_validate_reports_each_kind_of_problem_with_its_pointer(tmp_path, pointer, value, expected):
    doc = builtin()
    parts = pointer.strip("/").split("/")
    target = doc
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    last = parts[-1]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    path = write(tmp_path, "bad.json", doc)
    out = run("validate", path)
    assert out.returncode == 2, out.stdout
    assert f"{path}: error" in out.stderr
    assert f": {expected}: " in out.stderr, out.stderr


def test_validate_syntax_error_has_line_and_column(tmp_path):
    path = write(tmp_path, "syntax.json", '{\n  "format": "carecompare.catalog/1",\n  "id": tru\n}')
    out = run("validate", path)
    assert out.returncode == 2
    assert f"{path}:3:" in out.stderr


def test_validate_invalid_utf8(tmp_path):
    path = tmp_path / "utf8.json"
    path.write_bytes(BUILTIN.read_bytes().replace(b"Systemic Therapy", b"Systemic \xff Therapy"))
    out = run("validate", str(path))
    assert out.returncode == 2
    assert "UTF-8" in out.stderr


def test_validate_several_files_exits_2_when_any_is_invalid(tmp_path):
    good = str(BUILTIN)
    bad = write(tmp_path, "bad.json", "[]")
    out = run("validate", good, bad)
    assert out.returncode == 2
    assert "valid" in out.stdout and bad in out.stderr
    assert run("validate", good, good).returncode == 0


def test_validate_prints_warnings_and_strict_makes_an_unreachable_strategy_exit_2(tmp_path):
    doc = builtin()
    doc["rules"][10]["show"] = ["monitoring"]  # the only rule that showed clinical-trials
    doc["rules"][10]["reason"] = "You want to explore new treatments."  # naming no other option (246)
    path = write(tmp_path, "unreachable.json", doc)
    out = run("validate", path)
    assert out.returncode == 0, out.stderr
    assert f"{path}: warning [241]: /strategies/8: " in out.stderr
    assert '"clinical-trials" can never be shown' in out.stderr
    assert "1 warning)" in out.stdout
    out = run("validate", "--strict", path)
    assert out.returncode == 2, out.stdout
    assert f"{path}: error [241]: /strategies/8: " in out.stderr


def test_validate_warns_about_a_rule_that_can_never_fire(tmp_path):
    doc = builtin()
    doc["rules"][0]["when"] = {">": [{"var": "site_count"}, 4]}  # there are 4 sites
    path = write(tmp_path, "never.json", doc)
    out = run("validate", path)
    assert out.returncode == 0, out.stderr
    assert f"{path}: warning [240]: /rules/0/when: " in out.stderr
    assert "between 0 and 4" in out.stderr
    assert run("validate", "--strict", path).returncode == 2


@pytest.mark.parametrize("when,pointer,suggestion", [
    ({"in": ["bone", {"var": "site"}]}, "/rules/4/when/in/1", "sites"),
    ({"in": ["bones", {"var": "sites"}]}, "/rules/4/when/in/0", "bone"),
    ({"some": [{"var": "sites"}, {"in": [{"var": ""}, ["bone", "brian"]]}]}, "/rules/4/when/some/1/in/1/1", "brain"),
])
def test_validate_rule_typos_say_did_you_mean(tmp_path, when, pointer, suggestion):
    doc = builtin()
    doc["rules"][4]["when"] = when
    path = write(tmp_path, "typo.json", doc)
    out = run("validate", path)
    assert out.returncode == 2, out.stdout
    assert f": {pointer}: " in out.stderr, out.stderr
    assert f'(did you mean "{suggestion}"?)' in out.stderr, out.stderr


def test_validate_type_errors_in_rules(tmp_path):
    doc = builtin()
    doc["rules"][0]["when"] = {"<": [{"var": "site_count"}, "two"]}
    doc["rules"][1]["when"] = {">": [{"+": [{"var": "sites"}, 1]}, 1]}
    path = write(tmp_path, "types.json", doc)
    out = run("validate", path)
    assert out.returncode == 2
    assert "error [232]: /rules/0/when/</1: " in out.stderr
    assert "error [233]: /rules/1/when/>/0/+/0: " in out.stderr


def test_show_facts_must_be_declared_and_well_typed(tmp_path):
    out = run("show", "--fact", "stage=4")
    assert out.returncode == 2
    assert "/facts/stage" in out.stderr and "declares no facts" in out.stderr
    doc = builtin()
    doc["facts"] = [{"id": "pain_score", "type": "number", "label": "Pain score", "description": "0-10"}]
    path = write(tmp_path, "facts.json", doc)
    out = run("show", "--catalog", path, "--fact", 'pain_score="high"')
    assert out.returncode == 2
    assert "/facts/pain_score" in out.stderr and "must be a number" in out.stderr


# ---- logic -------------------------------------------------------------------------------

def test_logic_applies_like_json_logic_js():
    out = run("logic", '{"and":[{"in":[{"var":"site"},["bone","brain"]]},{">=":[{"var":"pain"},4]}]}',
              '{"site":"bone","pain":5}')
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "true"
    assert run("logic", '{"+":[1,2]}').stdout.strip() == "3"
    assert run("logic", '{"cat":["a",1.5,null]}').stdout.strip() == '"a1.5"'


def test_logic_reads_files(tmp_path):
    rule = write(tmp_path, "rule.json", '{"var":"a.b"}')
    data = write(tmp_path, "data.json", '{"a":{"b":[1,2]}}')
    out = run("logic", "@" + rule, "@" + data)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [1, 2]


def test_logic_stays_untyped():
    # Catalog rules are checked; plain JsonLogic keeps json-logic-js behaviour for any rule.
    out = run("logic", '{"in":["bone",{"var":"site"}]}', '{"sites":["bone"]}')
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "false"
    assert run("logic", '{"<":[{"var":"site_count"},"two"]}', '{"site_count":1}').stdout.strip() == "false"


def test_logic_passes_switch_keeps_the_results():
    rule = '{"and":[{"in":[{"var":"site"},["a","b","c","d","e","f","g","bone"]]},{"+":[1,2]}]}'
    for data, expected in (('{"site":"bone"}', "3"), ('{"site":"liver"}', "false"), ("null", "false")):
        for passes in ("all", "none", "constant_fold", "text_set", "var_slots", "bind", "text_set,constant_fold"):
            out = run("logic", "--passes", passes, rule, data)
            assert out.returncode == 0, out.stderr
            assert out.stdout.strip() == expected, (passes, data)


def test_logic_unknown_pass_names_the_passes():
    out = run("logic", "--passes", "fold", '{"+":[1,2]}')
    assert out.returncode == 1  # a value the option does not take: a usage error
    assert '"fold"' in out.stderr and "constant_fold, text_set, var_slots, bind" in out.stderr
    assert "constant_fold, text_set, var_slots, bind" in run("logic", "--help").stdout


def test_logic_bad_json_or_unknown_operator_is_bad_input():
    out = run("logic", '{"var": }')
    assert out.returncode == 2 and "line 1, column" in out.stderr
    out = run("logic", '{"and":[true,{"frob":[1]}]}')
    assert out.returncode == 2 and "/and/1" in out.stderr and "frob" in out.stderr


# ---- limits and hostile input ------------------------------------------------------------
# Every text the CLI reads (catalog files, RULE and DATA, --fact values) goes through the same
# bounded parser: past a limit, or with a value JSON cannot hold, a clear error and exit 2,
# never a crash (a negative status: a signal) or an internal error (3).

HOSTILE_VALUES = {
    "deep": "[" * 100000 + "]" * 100000,
    "deep-object": '{"a":' * 100000 + "}" * 100000,
    "big-number": '{"n": 1e400}',
    "lone-surrogate": '["\\ud800"]',
    "lone-low-surrogate": '["\\udc00x"]',
}
HOSTILE_BYTES = {
    "invalid-utf8": b'["caf\xc3"]',
    "encoded-surrogate": b'["\xed\xa0\x80"]',
    "nul-byte": b'{"sites": []}\x00{"sites": ["bone"]}',
}


def hostile_files(tmp_path):
    files = {}
    for name, text in HOSTILE_VALUES.items():
        files[name] = write(tmp_path, name + ".json", text)
    for name, data in HOSTILE_BYTES.items():
        (tmp_path / (name + ".json")).write_bytes(data)
        files[name] = str(tmp_path / (name + ".json"))
    return files


def assert_bad_input(out, *needles):
    assert out.returncode == 2, (out.returncode, out.stdout[:300], out.stderr[:300])
    assert out.stderr.startswith("carecompare: ") or ": error [" in out.stderr, out.stderr[:300]
    assert "internal error" not in out.stderr
    for needle in needles:
        assert needle in out.stderr, (needle, out.stderr[:500])


def test_hostile_catalog_files_are_bad_input_with_their_position(tmp_path):
    files = hostile_files(tmp_path)
    expected = {"deep": "nesting deeper than the limit of 256 (limits::max_json_depth)",
                "deep-object": "max_json_depth", "big-number": "1e400", "lone-surrogate": "surrogate",
                "lone-low-surrogate": "surrogate", "invalid-utf8": "UTF-8", "encoded-surrogate": "UTF-8",
                "nul-byte": "NUL byte"}
    for name, path in files.items():
        out = run("validate", path)
        assert_bad_input(out, f"{path}:1:", expected[name])
        assert_bad_input(run("table", "--catalog", path), expected[name])
        assert_bad_input(run("show", "--catalog", path, "--site", "bone"), expected[name])


def test_hostile_rules_and_data_are_bad_input(tmp_path):
    files = hostile_files(tmp_path)
    for name, path in files.items():
        assert_bad_input(run("logic", "@" + path), path + ": ")
        assert_bad_input(run("logic", '{"var": "a"}', "@" + path), path + ": ")
    assert_bad_input(run("logic", '{"+": [1e400, 1]}'), "RULE: ", "1e400")
    assert_bad_input(run("logic", '{"var": "a"}', '{"a": -1e400}'), "DATA: ", "1e400")
    assert_bad_input(run("logic", '["\\ud800"]'), "RULE: ", "surrogate")
    out = subprocess.run([CLI, "logic", b'{"cat": ["caf\xc3"]}'], capture_output=True, text=True, timeout=60)
    assert_bad_input(out, "RULE: ", "UTF-8")
    # A rule nested deeper than max_rule_depth (128), within max_json_depth (256).
    rule = write(tmp_path, "deep-rule.json", '{"!":' * 129 + "true" + "}" * 129)
    assert_bad_input(run("logic", "@" + rule), "[carecompare.logic.503]", "rule nested deeper than 128 levels")


def test_minus_zero_is_zero():
    assert run("logic", '{"var": "a"}', '{"a": -0}').stdout.strip() == "0"
    assert run("logic", '{"cat": [-0, "|", -0.0]}').stdout.strip() == '"0|0"'
    assert run("logic", '{"==": [-0, 0]}').stdout.strip() == "true"


def test_hostile_fact_values_are_bad_input():
    assert_bad_input(run("show", "--fact", "n=1e400"), "--fact n: the value is not JSON", "1e400")
    assert_bad_input(run("show", "--fact", 'n="\\ud800"'), "--fact n: the value is not JSON", "surrogate")
    assert_bad_input(run("show", "--fact", "n=" + "[" * 300 + "]" * 300), "max_json_depth")
    out = subprocess.run([CLI, "show", "--fact", b'n="caf\xc3"'], capture_output=True, text=True, timeout=60)
    assert_bad_input(out, "UTF-8")


def test_messages_quote_input_escaped(tmp_path):
    # One line per message, no terminal control reaches the terminal.
    out = run("show", "--site", "bone\n[fake] \x1b[2J")
    assert_bad_input(out, 'unknown sites id "bone\\u000A[fake] \\u001B[2J"')
    assert out.stderr.count("\n") == 1 and "\x1b" not in out.stderr
    doc = builtin()
    doc["strategies"][0]["colour\n\x1b[2J"] = 1
    path = write(tmp_path, "key.json", doc)
    out = run("validate", path)
    assert_bad_input(out, "/strategies/0/colour\\u000A\\u001B[2J: ")
    assert out.stderr.count("\n") == 1 and "\x1b" not in out.stderr


def test_a_catalog_past_the_document_limit_is_not_read(tmp_path):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:  # 64 MiB + 1 byte
        f.write(b'"')
        f.write(b"x" * ((64 << 20) - 1))
        f.write(b'"')
    assert_bad_input(run("validate", str(path)), "larger than the limit of 67108864 bytes")


def test_a_fifty_megabyte_text_in_a_catalog_is_refused_with_its_pointer(tmp_path):
    doc = builtin()
    doc["strategies"][0]["name"] = "x" * (50 << 20)
    path = write(tmp_path, "big-text.json", json.dumps(doc))
    out = run("validate", path)
    assert_bad_input(out, f"{path}: error [217]: /strategies/0/name: text of 52428800 bytes is longer than "
                          "the limit of 65536 bytes (limits::max_text_bytes)")
    assert len(out.stderr) < 1000


def test_validate_lists_at_most_1000_problems_and_counts_the_rest(tmp_path):
    doc = builtin()
    rule = {"id": "r", "description": "d", "when": {"in": ["bone", {"var": "site"}]}, "show": ["nutrition"],
            "reason": "r"}
    doc["rules"] = [dict(rule, id=f"r{i}") for i in range(20000)]
    path = write(tmp_path, "many-problems.json", json.dumps(doc))
    out = run("validate", path)
    assert_bad_input(out, f"{path}: error [230]: /rules/0/when/in/1: ",
                     f"{path}: ... and 19000 more problems not listed (at most 1000 are)")
    lines = out.stderr.splitlines()
    assert len(lines) == 1001
    assert lines[999].startswith(f"{path}: error [230]: /rules/999/when/in/1: ")


def test_hostile_catalog_text_renders_inert(tmp_path):
    doc = builtin()
    doc["strategies"][0]["name"] = '<script>alert(1)</script> "onmouseover=alert(1) | `x`'
    doc["strategies"][0]["purpose"] = '=HYPERLINK("http://evil.example","Click")'
    doc["disclaimer"] = "Informational only.\n\u202eevil zero\u200bwidth"
    path = write(tmp_path, "hostile.json", json.dumps(doc))
    html = run("table", "--catalog", path, "--format", "html", "--only", "systemic-therapy")
    assert html.returncode == 0, html.stderr
    assert "<script" not in html.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &quot;onmouseover=alert(1) | `x`" in html.stdout
    assert "Informational only.<br>\u202eevil zero\u200bwidth\u202c</p>" in html.stdout
    md = run("table", "--catalog", path, "--only", "systemic-therapy")
    assert "| &lt;script&gt;alert(1)&lt;/script&gt; \"onmouseover=alert(1) \\| \\`x\\` |" in md.stdout
    csv = run("table", "--catalog", path, "--format", "csv", "--only", "systemic-therapy")
    assert "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\"" in csv.stdout


# ---- usage -------------------------------------------------------------------------------

def test_help_on_every_command_and_version():
    for cmd in [[], ["table"], ["show"], ["validate"], ["logic"]]:
        out = run(*cmd, "--help")
        assert out.returncode == 0, cmd
        assert "Usage" in out.stdout or "usage" in out.stdout.lower()
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("carecompare ")


def test_usage_errors_exit_1():
    assert run().returncode == 1
    assert run("frobnicate").returncode == 1
    assert run("table", "--format", "pdf").returncode == 1
    assert run("table", "--no-such-option").returncode == 1
    assert run("validate").returncode == 1


# ---- validate --readability --------------------------------------------------------------

def test_validate_readability_grades_the_text(tmp_path):
    out = run("validate", "--readability", str(BUILTIN))
    assert out.returncode == 0, out.stderr
    assert "[245]" not in out.stderr
    assert re.search(r"SMOG grade [0-7]\.[0-9]|SMOG grade 8\.0", out.stdout), out.stdout
    doc = builtin()
    doc["rules"][0]["reason"] = ("Individualized radiotherapeutic interventions necessitate comprehensive "
                                 "multidisciplinary consultation.")
    path = write(tmp_path, "hard.json", doc)
    assert "[245]" not in run("validate", path).stderr, "only when asked"
    out = run("validate", "--readability", path)
    assert out.returncode == 0
    assert "warning [245]: /rules/0/reason: Flesch-Kincaid grade" in out.stderr
    assert run("validate", "--readability", "--strict", path).returncode == 2
    assert "[245]" not in run("validate", "--readability", "--max-grade", "60", path).stderr
    assert run("validate", "--max-grade", "5", path).returncode == 1, "--max-grade needs --readability"


# ---- Health records (show --fhir) -------------------------------------------------------------

FHIR_DIR = ROOT / "tests" / "data" / "fhir"


def test_show_fhir_says_what_the_record_gave_before_the_table():
    r = run("show", "--fhir", str(FHIR_DIR / "bone-and-liver.json"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(
        "From the health record: Where the cancer has spread: bones (Secondary malignant neoplasm of bone, "
        "2024-03-01) and liver (")
    assert "| Systemic Therapy |" in r.stdout


@pytest.mark.parametrize("fmt", ["markdown", "text", "html", "csv", "json"])
def test_show_fhir_each_reason_cites_the_record_in_every_format(fmt):
    r = run("show", "--fhir", str(FHIR_DIR / "bone-and-liver.json"), "--format", fmt,
            *(["--width", "2000"] if fmt == "text" else []))  # one line per row
    assert r.returncode == 0, r.stderr
    cited = ("The cancer involves the bones. Physical therapy is often used when it does. From the health record: "
             "Where the cancer has spread: bones (Secondary malignant neoplasm of bone, 2024-03-01).")
    if fmt == "json":
        physical = next(o for o in json.loads(r.stdout)["relevant"] if o["id"] == "physical-therapy")
        assert physical["reasons"][0]["text"] + " " + physical["reasons"][0]["from_record"] == cited
    else:
        assert cited in r.stdout, r.stdout


def test_show_fhir_json_holds_the_evidence_and_the_options_close_lists():
    r = run("show", "--fhir", str(FHIR_DIR / "prefetch.json"), "--symptom", "fatigue", "--format", "json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["circumstances"]["symptoms"] == ["fatigue", "pain"]
    assert doc["record"]["sites"][0]["sources"][0]["id"] == "bone-mets"


def test_show_fhir_problems_go_to_stderr_and_bad_records_exit_2(tmp_path):
    r = run("show", "--fhir", str(FHIR_DIR / "broken-resources.json"), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert re.search(r"broken-resources\.json: warning \[720\]: /entry/\d+/resource", r.stderr)
    bad = write(tmp_path, "bad.json", {"resourceType": "Bundle", "entry": 3})
    r = run("show", "--fhir", bad)
    assert r.returncode == 2
    assert "[carecompare.fhir.705]" in r.stderr and "/entry" in r.stderr
    r = run("show", "--fhir", str(tmp_path / "missing.json"))
    assert r.returncode == 2 and "[carecompare.fhir.706]" in r.stderr


# ---- issue 29: suggestions, usage errors, the vocabulary ------------------------------------------

def test_unknown_options_commands_and_ids_say_which_was_likely_meant():
    out = run("show", "--sites", "bone")
    assert out.returncode == 1
    assert 'carecompare show: unexpected argument "--sites" (did you mean "--site"?)' in out.stderr
    out = run("shwo", "--site", "bone")
    assert out.returncode == 1
    assert 'carecompare: unexpected argument "shwo" (did you mean "show"?)' in out.stderr
    out = run("show", "--site", "lungs")
    assert out.returncode == 2
    assert '/sites/0: unknown sites id "lungs"' in out.stderr and '(did you mean "lung"?)' in out.stderr
    out = run("show", "--goal", "stay_active")
    assert out.returncode == 2 and '(did you mean "stay-active"?)' in out.stderr
    out = run("table", "--only", "nutriton")
    assert out.returncode == 2 and '(did you mean "nutrition"?)' in out.stderr


def test_a_width_the_text_table_cannot_take_is_a_usage_error():
    out = run("table", "--format", "text", "--width", "0")
    assert out.returncode == 1, out.stderr
    assert "--width" in out.stderr and "at least 20" in out.stderr
    assert run("table", "--format", "text", "--width", "20").returncode == 0


def test_vocabulary_lists_the_ids_each_option_takes(tmp_path):
    out = run("vocabulary")
    assert out.returncode == 0, out.stderr
    doc = builtin()
    for key, noun in (("sites", "site"), ("symptoms", "symptom"), ("goals", "goal")):
        assert f"{key} (--{noun}):" in out.stdout
        for entry in doc["vocabulary"][key]:
            assert re.search(rf"^  {re.escape(entry['id'])} +{re.escape(entry['label'])}$", out.stdout, re.M)
    for s in doc["strategies"]:
        assert re.search(rf"^  {re.escape(s['id'])} +{re.escape(s['name'])}$", out.stdout, re.M)
    # The builtin catalog's ids end `show --help`; another catalog's come from `vocabulary`.
    assert out.stdout.strip() in run("show", "--help").stdout
    mine = builtin()
    overlay = json.loads(OVERLAY.read_text(encoding="utf-8"))
    mine["facts"] = overlay["facts"]
    mine["rules"] += overlay["rules"]
    listed = json.loads(run("vocabulary", "--json", "--catalog", write(tmp_path, "mine.json", mine)).stdout)
    assert [f["id"] for f in listed["facts"]] == [f["id"] for f in overlay["facts"]]
    assert listed["sites"] == doc["vocabulary"]["sites"]
    assert [s["id"] for s in listed["strategies"]] == [s["id"] for s in doc["strategies"]]
    text = run("vocabulary", "--catalog", write(tmp_path, "mine2.json", mine)).stdout
    assert "facts (--fact KEY=JSON):" in text
    assert re.search(r"^  treatment_phase +string \(before, during, after\): Treatment phase$", text, re.M), text


# ---- FHIR PlanDefinition (fhir plan-definition) -------------------------------------------------


def test_fhir_plan_definition_prints_one_action_per_option():
    r = run("fhir", "plan-definition")
    assert r.returncode == 0, r.stderr
    plan = json.loads(r.stdout)
    assert plan["resourceType"] == "PlanDefinition" and "url" not in plan
    assert [a["title"] for a in plan["action"]] == [s["name"] for s in builtin()["strategies"]]
    assert all(a["condition"][0]["expression"]["language"] == "text/fhirpath" for a in plan["action"])


def test_fhir_plan_definition_url_translation_and_untranslatable_rules(tmp_path):
    r = run("fhir", "plan-definition", "--base-url", "https://fhir.example.org/r4")
    assert json.loads(r.stdout)["url"] == "https://fhir.example.org/r4/PlanDefinition/metastatic-breast-cancer"
    r = run("fhir", "plan-definition", "--base-url", "not a url")
    assert r.returncode == 2 and "[carecompare.render.604]" in r.stderr
    r = run("fhir", "plan-definition", "--translation", str(ROOT / "tests" / "data" / "translations" / "es.json"))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["title"] != json.loads(run("fhir", "plan-definition").stdout)["title"]
    doc = builtin()
    doc["rules"][3]["when"] = {"if": [{"in": ["pain", {"var": "symptoms"}]}, True, False]}
    path = write(tmp_path, "if.json", doc)
    r = run("fhir", "plan-definition", "--catalog", path)
    assert r.returncode == 2
    assert "[carecompare.logic.505] /rules/3/when/if:" in r.stderr and 'operator "if"' in r.stderr
    r = run("fhir", "plan-definition", "--catalog", path, "--untranslatable=keep")
    assert r.returncode == 0, r.stderr
    r = run("fhir", "plan-definition", "--untranslatable=maybe")
    assert r.returncode == 1
