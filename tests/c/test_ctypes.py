# SPDX-License-Identifier: MIT
"""libcarecompare from Python's ctypes: a foreign language using the C ABI with no compiler.

CTest sets CARECOMPARE_C_LIBRARY (the built libcarecompare.so) and CARECOMPARE_CATALOG (the
builtin catalog's JSON file). Returned strings are declared `c_void_p`, not `c_char_p`, so that
they can be handed back to carecompare_string_free(); the static strings of last_error and
friends are `c_char_p` (copied by ctypes, never freed).
"""
import ctypes
import json
import os
import re
import subprocess
import threading
from pathlib import Path

import pytest

LIBRARY = os.environ.get("CARECOMPARE_C_LIBRARY")
CATALOG = os.environ.get("CARECOMPARE_CATALOG")
pytestmark = pytest.mark.skipif(not LIBRARY, reason="CARECOMPARE_C_LIBRARY is not set (run through CTest)")

OK = 0
INVALID_ARGUMENT = -1
PARSE = -2
INVALID_CATALOG = -3
INVALID_CIRCUMSTANCES = -4
LOGIC = -5
IO = -6
OUT_OF_MEMORY = -7
INTERNAL = -8
INVALID_OPTIONS = -9
INVALID_RECORD = -10


class Catalog(ctypes.Structure):
    """The opaque carecompare_catalog."""


CatalogPtr = ctypes.POINTER(Catalog)
c_char_pp = ctypes.POINTER(ctypes.c_void_p)  # char **: the string stays a raw pointer


def _declare(lib):
    c_int, c_size_t, c_char_p, c_void_p = ctypes.c_int, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p
    signatures = {
        "carecompare_version_string": (c_char_p, []),
        "carecompare_version_number": (c_int, []),
        "carecompare_last_error": (c_char_p, []),
        "carecompare_last_error_path": (c_char_p, []),
        "carecompare_last_error_code": (c_int, []),
        "carecompare_last_error_id": (c_int, []),
        "carecompare_status_string": (c_char_p, [c_int]),
        "carecompare_catalog_builtin": (c_int, [ctypes.POINTER(CatalogPtr)]),
        "carecompare_catalog_from_json": (c_int, [ctypes.POINTER(CatalogPtr), c_char_p, c_size_t]),
        "carecompare_catalog_from_file": (c_int, [ctypes.POINTER(CatalogPtr), c_char_p]),
        "carecompare_catalog_free": (None, [CatalogPtr]),
        "carecompare_catalog_to_json": (c_int, [c_char_pp, CatalogPtr, c_int]),
        "carecompare_catalog_readability": (c_int, [c_char_pp, CatalogPtr, ctypes.c_double]),
        "carecompare_filter": (c_int, [c_char_pp, CatalogPtr, c_char_p, c_size_t]),
        "carecompare_render": (c_int, [c_char_pp, CatalogPtr, c_char_p, c_size_t]),
        "carecompare_logic_apply": (c_int, [c_char_pp, c_char_p, c_size_t, c_char_p, c_size_t]),
        "carecompare_logic_apply_passes": (c_int, [c_char_pp, c_char_p, c_size_t, c_char_p, c_size_t, c_char_p]),
        "carecompare_fhir_read": (c_int, [c_char_pp, CatalogPtr, c_char_p, c_size_t]),
        "carecompare_fhir_filter": (c_int, [c_char_pp, CatalogPtr, c_char_p, c_size_t, c_char_p, c_size_t]),
        "carecompare_string_free": (None, [c_void_p]),
        "carecompare_catalog_check": (c_int, [c_char_pp, c_char_p, c_size_t, ctypes.c_uint, ctypes.c_double]),
        "carecompare_text_readability": (c_int, [c_char_pp, c_char_p, c_size_t]),
        "carecompare_catalog_schema": (c_int, [c_char_pp]),
        "carecompare_translation_template": (c_int, [c_char_pp, CatalogPtr, c_char_p]),
    }
    for name, (restype, argtypes) in signatures.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


@pytest.fixture(scope="module")
def lib():
    return _declare(ctypes.CDLL(LIBRARY))


class CareCompareError(Exception):
    def __init__(self, lib, status):
        self.status = status
        self.message = lib.carecompare_last_error().decode("utf-8")
        self.path = lib.carecompare_last_error_path().decode("utf-8")
        self.id = lib.carecompare_last_error_id()
        assert lib.carecompare_last_error_code() == status
        super().__init__(f"{lib.carecompare_status_string(status).decode()}: {self.message}")


def _text(value):
    """(pointer, length) of a text argument: str/bytes, or None for (NULL, 0)."""
    if value is None:
        return None, 0
    data = value.encode("utf-8") if isinstance(value, str) else value
    return data, len(data)


def call_string(lib, fn, *args):
    """Calls fn(&out, *args); returns the string and frees it with carecompare_string_free."""
    out = ctypes.c_void_p(1234)  # not NULL: the library sets it to NULL first
    status = fn(ctypes.byref(out), *args)
    if status != OK:
        assert out.value is None, "out-parameters are NULL after a failure"
        raise CareCompareError(lib, status)
    try:
        return ctypes.string_at(out.value).decode("utf-8")
    finally:
        lib.carecompare_string_free(out)


@pytest.fixture(scope="module")
def builtin(lib):
    cat = CatalogPtr()
    assert lib.carecompare_catalog_builtin(ctypes.byref(cat)) == OK
    assert cat
    yield cat
    lib.carecompare_catalog_free(cat)


def filter_(lib, cat, circumstances):
    return json.loads(call_string(lib, lib.carecompare_filter, cat, *_text(circumstances)))


def render(lib, cat, options):
    return call_string(lib, lib.carecompare_render, cat, *_text(options))


def apply(lib, rule, data=None):
    rule_text = json.dumps(rule)
    data_text = None if data is None else json.dumps(data)
    return json.loads(call_string(lib, lib.carecompare_logic_apply, *_text(rule_text), *_text(data_text)))


def load_json(lib, text):
    cat = CatalogPtr()
    status = lib.carecompare_catalog_from_json(ctypes.byref(cat), *_text(text))
    if status != OK:
        assert not cat
        raise CareCompareError(lib, status)
    return cat


# ---- Version and status ---------------------------------------------------------------------


def test_version(lib):
    version = lib.carecompare_version_string().decode()
    major, minor, patch = (int(p) for p in re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", version).groups())
    assert lib.carecompare_version_number() == major * 10000 + minor * 100 + patch


def test_status_strings(lib):
    assert lib.carecompare_status_string(OK) == b"ok"
    assert lib.carecompare_status_string(INVALID_CATALOG) == b"invalid catalog"
    assert lib.carecompare_status_string(42) == b"unknown status"
    texts = {lib.carecompare_status_string(s) for s in range(INVALID_RECORD, OK)}
    assert len(texts) == 10 and b"unknown status" not in texts


# ---- Filter -----------------------------------------------------------------------------------


def test_filter_bone_and_pain(lib, builtin):
    result = filter_(lib, builtin, json.dumps({"sites": ["bone"], "symptoms": ["pain"]}))
    ids = [option["id"] for option in result["relevant"]]
    assert {"radiation-therapy", "physical-therapy", "pain-management", "monitoring"} <= set(ids)
    scores = [option["score"] for option in result["relevant"]]
    assert scores == sorted(scores, reverse=True)
    assert all(option["reasons"] for option in result["relevant"])
    assert result["circumstances"]["sites"] == ["bone"]
    assert "informational purposes" in result["disclaimer"]
    assert {o["id"] for o in result["not_shown"]}.isdisjoint(ids)
    assert len(ids) + len(result["not_shown"]) == 9


def test_filter_nothing_stated(lib, builtin):
    # (NULL, 0) means {}: only what applies to everyone.
    assert filter_(lib, builtin, None) == filter_(lib, builtin, "{}")
    assert [o["id"] for o in filter_(lib, builtin, None)["relevant"]] == ["monitoring"]


def test_explicit_length_ignores_what_follows(lib, builtin):
    data = b'{"sites": ["brain"]}trailing bytes'
    out = call_string(lib, lib.carecompare_filter, builtin, data, len(b'{"sites": ["brain"]}'))
    assert "radiation-therapy" in [o["id"] for o in json.loads(out)["relevant"]]


# ---- Render -----------------------------------------------------------------------------------


def test_render_catalog_markdown(lib, builtin):
    table = render(lib, builtin, None)
    assert "| Care Strategy | Purpose | Common Use Cases |" in table
    assert "| Systemic Therapy | Targets cancer cells system-wide |" in table
    assert "informational purposes" in table


def test_render_filter_result_as_html(lib, builtin):
    options = {"format": "html", "full_page": True, "circumstances": {"sites": ["bone"], "symptoms": ["pain"]}}
    page = render(lib, builtin, json.dumps(options))
    assert page.startswith("<!DOCTYPE html>")
    assert "Radiation Therapy" in page and "Why shown" in page
    assert "Nutrition" not in page  # not relevant to bone + pain


def test_render_json_and_csv(lib, builtin):
    doc = json.loads(render(lib, builtin, '{"format": "json", "columns": ["id", "name"], "only": ["nutrition"]}'))
    assert [row["id"] for row in doc["rows"]] == ["nutrition"]
    assert [c["field"] for c in doc["columns"]] == ["id", "name"]
    assert render(lib, builtin, '{"format": "csv"}').startswith("Care Strategy,Purpose,Common Use Cases\r\n")


# ---- Catalogs ---------------------------------------------------------------------------------


def test_catalog_round_trip(lib, builtin):
    text = call_string(lib, lib.carecompare_catalog_to_json, builtin, 2)
    assert json.loads(text)["format"] == "carecompare.catalog/1"
    again = load_json(lib, text)
    try:
        assert call_string(lib, lib.carecompare_catalog_to_json, again, -1) == call_string(
            lib, lib.carecompare_catalog_to_json, builtin, -1)
    finally:
        lib.carecompare_catalog_free(again)


@pytest.mark.skipif(not CATALOG, reason="CARECOMPARE_CATALOG is not set")
def test_catalog_from_file(lib, builtin):
    cat = CatalogPtr()
    assert lib.carecompare_catalog_from_file(ctypes.byref(cat), CATALOG.encode()) == OK
    try:
        situation = '{"sites": ["liver", "lung"]}'
        assert filter_(lib, cat, situation) == filter_(lib, builtin, situation)
    finally:
        lib.carecompare_catalog_free(cat)


# ---- JsonLogic --------------------------------------------------------------------------------


@pytest.mark.parametrize("rule, data, expected", [
    ({"+": [1, "2"]}, None, 3),
    ({"var": "a.b"}, {"a": {"b": [1, 2]}}, [1, 2]),
    ({"var": "missing"}, None, None),
    ({"if": [{"<": [{"var": "n"}, 2]}, "few", "many"]}, {"n": 5}, "many"),
    ({"filter": [{"var": "xs"}, {">": [{"var": ""}, 1]}]}, {"xs": [1, 2, 3]}, [2, 3]),
    ({"cat": ["a", 1.5]}, None, "a1.5"),
])
def test_logic_apply(lib, rule, data, expected):
    assert apply(lib, rule, data) == expected


def test_logic_apply_passes_switch_keeps_the_results(lib):
    rule = _text(json.dumps({"and": [{"in": [{"var": "site"}, ["a", "b", "c", "d", "e", "f", "bone"]]},
                                     {"*": [2, 3]}]}))
    for passes in (None, b"all", b"none", b"text_set", b"constant_fold,text_set"):
        results = [json.loads(call_string(lib, lib.carecompare_logic_apply_passes, *rule,
                                          *_text(json.dumps({"site": site})), passes))
                   for site in ("bone", "liver")]
        assert results == [6, False], passes
    with pytest.raises(CareCompareError) as e:
        call_string(lib, lib.carecompare_logic_apply_passes, *rule, None, 0, b"folding")
    assert e.value.status == INVALID_ARGUMENT
    assert '"folding" is not all, none, or names of passes separated by commas: constant_fold, text_set, var_slots, bind' in (
        e.value.message)


# ---- Errors -----------------------------------------------------------------------------------


def test_invalid_catalog_has_json_pointer(lib, builtin):
    doc = json.loads(call_string(lib, lib.carecompare_catalog_to_json, builtin, -1))
    doc["strategies"][0]["kind"] = "cure"
    with pytest.raises(CareCompareError) as e:
        load_json(lib, json.dumps(doc))
    assert (e.value.status, e.value.path, e.value.id) == (INVALID_CATALOG, "/strategies/0/kind", 207)
    assert "/strategies/0/kind" in e.value.message and "cure" in e.value.message


def test_syntax_error_has_line_and_column(lib):
    with pytest.raises(CareCompareError) as e:
        load_json(lib, '{\n  "format": ,\n}')
    assert e.value.status == PARSE and e.value.path == ""
    assert "line 2, column 13" in e.value.message


def test_missing_file_is_io(lib):
    cat = CatalogPtr()
    status = lib.carecompare_catalog_from_file(ctypes.byref(cat), b"/nonexistent/catalog.json")
    assert status == IO and not cat
    assert "/nonexistent/catalog.json" in lib.carecompare_last_error().decode()


def test_circumstances_error(lib, builtin):
    with pytest.raises(CareCompareError) as e:
        filter_(lib, builtin, '{"sites": ["bone", "genou"], "symptoms": []}')
    assert (e.value.status, e.value.path, e.value.id) == (INVALID_CIRCUMSTANCES, "/sites/1", 301)
    with pytest.raises(CareCompareError) as e:
        render(lib, builtin, '{"circumstances": {"symptoms": ["héadache"]}}')
    assert (e.value.status, e.value.path) == (INVALID_CIRCUMSTANCES, "/circumstances/symptoms/0")
    assert "héadache" in e.value.message


def test_logic_error(lib):
    with pytest.raises(CareCompareError) as e:
        apply(lib, {"and": [True, {"nope": 1}]})
    assert (e.value.status, e.value.path, e.value.id) == (LOGIC, "/and/1", 501)


def test_invalid_options(lib, builtin):
    with pytest.raises(CareCompareError) as e:
        render(lib, builtin, '{"format": "markdown", "width": "wide"}')
    assert (e.value.status, e.value.path) == (INVALID_OPTIONS, "/width")
    with pytest.raises(CareCompareError) as e:
        render(lib, builtin, '{"fromat": "html"}')
    assert (e.value.status, e.value.path) == (INVALID_OPTIONS, "/fromat")


def test_parse_error_names_the_argument(lib, builtin):
    with pytest.raises(CareCompareError) as e:
        call_string(lib, lib.carecompare_logic_apply, *_text('{"var": "a"}'), *_text("{oops}"))
    assert e.value.status == PARSE and "data_json: line 1, column 2" in e.value.message
    with pytest.raises(CareCompareError) as e:
        filter_(lib, builtin, b"")  # empty text is not JSON; only (NULL, 0) means {}
    assert e.value.status == PARSE


def test_null_arguments(lib, builtin):
    out = ctypes.c_void_p()
    assert lib.carecompare_filter(None, builtin, None, 0) == INVALID_ARGUMENT
    assert lib.carecompare_filter(ctypes.byref(out), None, None, 0) == INVALID_ARGUMENT
    assert "catalog" in lib.carecompare_last_error().decode()
    assert lib.carecompare_filter(ctypes.byref(out), builtin, None, 3) == INVALID_ARGUMENT
    assert lib.carecompare_logic_apply(ctypes.byref(out), None, 0, None, 0) == INVALID_ARGUMENT
    assert lib.carecompare_catalog_builtin(None) == INVALID_ARGUMENT
    assert out.value is None
    lib.carecompare_string_free(None)
    lib.carecompare_catalog_free(None)


def test_last_error_is_per_thread(lib, builtin):
    barrier = threading.Barrier(2)
    seen = {}

    def worker(name, call):
        status = call()
        barrier.wait()  # both have failed before either reads its error
        seen[name] = (status, lib.carecompare_last_error_path().decode(), lib.carecompare_last_error().decode())

    out = [ctypes.c_void_p(), ctypes.c_void_p()]
    threads = [
        threading.Thread(target=worker, args=("filter", lambda: lib.carecompare_filter(
            ctypes.byref(out[0]), builtin, *_text('{"goals": ["x"]}')))),
        threading.Thread(target=worker, args=("logic", lambda: lib.carecompare_logic_apply(
            ctypes.byref(out[1]), *_text('{"or": [{"nope": []}]}'), None, 0))),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen["filter"][:2] == (INVALID_CIRCUMSTANCES, "/goals/0") and '"x"' in seen["filter"][2]
    assert seen["logic"][:2] == (LOGIC, "/or/0") and "nope" in seen["logic"][2]


# ---- Readability ------------------------------------------------------------------------------


def test_readability_of_the_builtin_catalog(lib, builtin):
    report = json.loads(call_string(lib, lib.carecompare_catalog_readability, builtin, 8.0))
    assert report["smog"] <= 8.0
    assert report["warnings"] == []
    assert report["quoted"] == 9
    assert {"pointer", "sentences", "words", "syllables", "polysyllables", "grade", "quoted"} == set(report["texts"][0])
    strict = json.loads(call_string(lib, lib.carecompare_catalog_readability, builtin, -5.0))
    assert strict["warnings"] and all(w["id"] == 245 for w in strict["warnings"])
    out = ctypes.c_void_p()
    assert lib.carecompare_catalog_readability(ctypes.byref(out), builtin, float("nan")) == INVALID_ARGUMENT
    assert not out


# ---- Health records (FHIR) --------------------------------------------------------------------

FHIR_DIR = Path(__file__).resolve().parents[1] / "data" / "fhir"
CLI = os.environ.get("CARECOMPARE_CLI")


def test_fhir_read_gives_the_evidence(lib, builtin):
    record = (FHIR_DIR / "bone-and-liver.json").read_text(encoding="utf-8")
    doc = json.loads(call_string(lib, lib.carecompare_fhir_read, builtin, *_text(record)))
    assert [s["id"] for s in doc["sites"]] == ["bone", "liver"]
    assert doc["sites"][0]["sources"][0]["pointer"] == "/entry/0/resource"
    assert doc["unknown_codes"][0]["code"] == "254837009"
    assert doc["summary"].startswith("From the health record: Where the cancer has spread: bones (Secondary malignant neoplasm of bone, 2024-03-01)")


def test_fhir_filter_with_what_the_person_adds(lib, builtin):
    record = (FHIR_DIR / "prefetch.json").read_text(encoding="utf-8")
    doc = json.loads(
        call_string(lib, lib.carecompare_fhir_filter, builtin, *_text(record), *_text('{"symptoms": ["fatigue"]}'))
    )
    assert doc["circumstances"]["sites"] == ["bone"]
    assert doc["circumstances"]["symptoms"] == ["fatigue", "pain"]
    assert doc["record"]["symptoms"][0]["sources"][0]["id"] == "pain"
    alone = json.loads(call_string(lib, lib.carecompare_fhir_filter, builtin, *_text(record), None, 0))
    assert alone["circumstances"]["symptoms"] == ["pain"]


# A build without the CLI says so (CARECOMPARE_CTYPES_WITHOUT_CLI=1) and leaves the comparison out;
# anywhere else a missing CLI is a skip, which CI counts as an error.
WITHOUT_CLI = os.environ.get("CARECOMPARE_CTYPES_WITHOUT_CLI") == "1"


if not WITHOUT_CLI:

    @pytest.mark.skipif(not CLI, reason="CARECOMPARE_CLI is not set (run through CTest)")
    @pytest.mark.parametrize("name", ["bone-and-liver.json", "prefetch.json", "condition-statuses.json"])
    def test_fhir_filter_agrees_with_the_command_line(lib, builtin, name):
        path = FHIR_DIR / name
        mine = json.loads(call_string(lib, lib.carecompare_fhir_filter, builtin, *_text(path.read_text("utf-8")), None, 0))
        cli = subprocess.run([CLI, "show", "--fhir", str(path), "--format", "json"], capture_output=True, text=True,
                             timeout=60, check=True)
        assert json.loads(cli.stdout) == mine


def test_fhir_errors_point_into_the_record(lib, builtin):
    with pytest.raises(CareCompareError) as e:
        call_string(lib, lib.carecompare_fhir_read, builtin, *_text('{"resourceType": "Bundle", "entry": {}}'))
    assert e.value.status == INVALID_RECORD and e.value.id == 705 and e.value.path == "/entry"
    with pytest.raises(CareCompareError) as e:
        call_string(lib, lib.carecompare_fhir_read, builtin, *_text("{\"resourceType\""))
    assert e.value.status == PARSE and e.value.id == 701 and "line 1, column" in e.value.message
    with pytest.raises(CareCompareError) as e:
        call_string(lib, lib.carecompare_fhir_read, builtin, None, 0)
    assert e.value.status == INVALID_ARGUMENT


# ---- Writing a catalog --------------------------------------------------------------------------

CHECK_STRICT = 1
CHECK_READABILITY = 2


def check(lib, doc, flags=0, max_grade=8.0):
    text = doc if isinstance(doc, (str, bytes)) else json.dumps(doc)
    return json.loads(call_string(lib, lib.carecompare_catalog_check, *_text(text), flags, max_grade))


def builtin_doc(lib, builtin):
    return json.loads(call_string(lib, lib.carecompare_catalog_to_json, builtin, -1))


def test_check_answers_as_validate_does(lib, builtin):
    doc = builtin_doc(lib, builtin)
    report = check(lib, doc, CHECK_STRICT | CHECK_READABILITY)
    assert report["valid"] is True and report["problems"] == [] and report["omitted"] == 0
    assert (report["strategies"], report["rules"]) == (9, 12)
    graded = json.loads(call_string(lib, lib.carecompare_catalog_readability, builtin, 8.0))
    assert report["readability"] == graded, "the same document as carecompare_catalog_readability"
    assert check(lib, doc)["readability"] is None


def test_check_lists_errors_and_warnings_with_their_level(lib, builtin):
    doc = builtin_doc(lib, builtin)
    doc["rules"][2]["show"] = ["radiotherapy"]  # error 210
    doc["rules"][4]["when"] = {"in": ["bnoe", {"var": "sites"}]}  # error 231, with a suggestion
    doc["rules"][11]["when"] = False  # warning 240; monitoring is never shown: 241
    doc["rules"][11]["reason"] = "Individualized radiotherapeutic interventions necessitate multidisciplinary consultation."
    report = check(lib, doc, CHECK_READABILITY)
    assert report["valid"] is False and report["strategies"] is None
    found = {(p["id"], p["pointer"], p["level"]) for p in report["problems"]}
    assert (210, "/rules/2/show/0", "error") in found
    assert (240, "/rules/11/when", "warning") in found
    assert (241, "/strategies/7", "warning") in found
    assert (245, "/rules/11/reason", "warning") in found, "a draft that does not load is graded too"
    assert [p["id"] for p in report["problems"]] == [210, 231, 240, 241, 245], "as validate --strict lists them"
    unknown = next(p for p in report["problems"] if p["id"] == 210)
    assert "radiotherapy" in unknown["message"] and "radiation-therapy" in unknown["message"]
    assert not unknown["message"].startswith("/rules"), "the message has no pointer"
    typo = next(p for p in report["problems"] if p["id"] == 231)
    assert (typo["pointer"], typo["suggestion"], typo["line"], typo["column"]) == ("/rules/4/when/in/0", "bone", 0, 0)
    pointers = [t["pointer"] for t in report["readability"]["texts"]]
    assert "/rules/11/reason" in pointers and "/strategies/0/purpose" in pointers


def test_check_strict_counts_warnings(lib, builtin):
    doc = builtin_doc(lib, builtin)
    doc["rules"][11]["when"] = False
    assert check(lib, doc)["valid"] is True
    strict = check(lib, doc, CHECK_STRICT)
    assert strict["valid"] is False and strict["strategies"] == 9
    assert {p["level"] for p in strict["problems"]} == {"warning"}


def test_check_of_text_that_is_not_a_catalog(lib):
    report = check(lib, '{\n  "format": ,\n}', CHECK_STRICT | CHECK_READABILITY)
    assert report["valid"] is False and report["readability"] is None
    assert [(p["id"], p["line"], p["column"]) for p in report["problems"]] == [(201, 2, 13)]
    assert check(lib, "[]")["problems"][0]["id"] == 204
    assert check(lib, b"\xff")["problems"][0]["id"] == 201
    out = ctypes.c_void_p()
    assert lib.carecompare_catalog_check(ctypes.byref(out), b"{}", 2, 8, 8.0) == INVALID_ARGUMENT
    assert lib.carecompare_catalog_check(ctypes.byref(out), None, 0, 0, 8.0) == INVALID_ARGUMENT
    assert lib.carecompare_catalog_check(ctypes.byref(out), b"{}", 2, CHECK_READABILITY, float("nan")) == INVALID_ARGUMENT
    assert not out


def test_text_readability(lib):
    one = json.loads(call_string(lib, lib.carecompare_text_readability, *_text("The cat sat. It is here!")))
    assert (one["sentences"], one["words"]) == (2, 6)
    hard = json.loads(call_string(lib, lib.carecompare_text_readability,
                                  *_text("Individualized radiotherapeutic interventions necessitate consultation.")))
    assert hard["grade"] > 12 > one["grade"]


def test_schema_is_the_one_carecompare_schema_prints(lib):
    schema = json.loads(call_string(lib, lib.carecompare_catalog_schema))
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, "data", "schema", "catalog.schema.json"), encoding="utf-8") as f:
        assert schema == json.load(f)


def test_translation_template(lib, builtin):
    overlay = json.loads(call_string(lib, lib.carecompare_translation_template, builtin, b"fr"))
    assert overlay["format"] == "carecompare.translation/1" and overlay["locale"] == "fr"
    assert overlay["strategies"]["systemic-therapy"]["name"] == "Systemic Therapy"
    with pytest.raises(CareCompareError) as e:
        call_string(lib, lib.carecompare_translation_template, builtin, b"not a tag")
    assert (e.value.status, e.value.id, e.value.path) == (INVALID_CATALOG, 215, "/locale")
