# SPDX-License-Identifier: MIT
"""The README's code blocks, run: what each prints is what the README says it prints.

Every fenced block of README.md is either run here (or by the script named in NOT_RUN_HERE)
or listed in NOT_RUN_HERE with why; a new block fails test_every_block_is_accounted_for until
it is one or the other.

- A block the README calls a file ("This is [`path`]") is that file, byte for byte; the tests
  build and run those files (example.quickstart, example.c_filter).
- The quickstart's table rows in the README are rows of what it prints (a cell ending in "…"
  is a prefix of the printed cell).
- `$ carecompare ...` transcripts run with the CLI; the files they name that the repository does
  not have (bad.json, my.json, mine.json) are made as the README describes them. Each line the
  README shows is a line of the output, in order; "..." stands for any text.
- The command-line synopsis names only options each command takes (its --help lists them).
- Python blocks run against the built module; a line `expression  # claim` asserts the claim:
  a Python literal the value equals, or, for `print(x)`, the text printed.
- The C++ translation snippet's comment is the summary the CLI prints for the same overlay.

CTest sets CARECOMPARE_CLI, CARECOMPARE_QUICKSTART and PYTHONPATH (the built module).
"""
import ast
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
CLI = os.environ.get("CARECOMPARE_CLI", "carecompare")
QUICKSTART = os.environ.get("CARECOMPARE_QUICKSTART")
BUILTIN = ROOT / "data" / "catalogs" / "metastatic-breast-cancer.json"


class Block:
    def __init__(self, lang, line, text, before, after):
        self.lang, self.line, self.text, self.before, self.after = lang, line, text, before, after

    @property
    def key(self):
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return f"{self.lang or 'plain'}: {first}"

    def __repr__(self):
        return f"README.md:{self.line} {self.key}"


def readme_blocks():
    lines = README.read_text(encoding="utf-8").splitlines()
    out, i = [], 0
    while i < len(lines):
        m = re.match(r"^```(\w*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        start = i
        i += 1
        body = []
        while not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        before = "\n".join(lines[max(0, start - 6):start])
        after = "\n".join(lines[i + 1:i + 4])
        out.append(Block(m.group(1), start + 1, "\n".join(body) + "\n", before, after))
        i += 1
    return out


BLOCKS = readme_blocks()


def blocks(lang=None, contains=None):
    return [b for b in BLOCKS if (lang is None or b.lang == lang) and (contains is None or contains in b.text)]


# Blocks not run by this file, keyed by Block.key, with where they are run or why they cannot be.
NOT_RUN_HERE = {
    "sh: carecompare serve --listen 127.0.0.1:8080 --insecure-no-auth --page-url 'https://example.org/{catalog}.html'":
        "a server that runs until stopped; tests/cli/test_serve.py starts it on a free port with these options",
    "sh: curl -s http://127.0.0.1:8080/cds-services    # discovery: one service per catalog":
        "tests/cli/test_serve.py makes these requests (and tests/cds_handler_test.cpp checks their answers)",
    "sh: curl -s http://127.0.0.1:8080/metrics | grep requests_total":
        "tests/cli/test_serve.py (test_metrics_count_requests_by_route_and_status) makes one discovery request "
        "and finds this very line in /metrics",
    'json: {"issuers": [{"iss": "https://ehr.example.org",':
        "the trust file's form, its keys elided; tests/cds_jwt_test.cpp and tests/cli/test_serve.py load trust "
        "files of this form whose keys they make",
    "sh: ./scripts/demo.sh   # installs what is missing, builds, prints the comparison table and a filter example":
        "the scripts that run this test (scripts/test.sh) and the demo; CI runs both",
    "cmake: find_package(carecompare 0.2 CONFIG REQUIRED)    # or: add_subdirectory(carecompare)":
        "tests/consumer (consumer.* tests) builds a project with both lines",
    "plain: page.html#sites=bone,liver&symptoms=pain&open=symptoms&not_answered=goals&facts.pain_score=3":
        "a URL; the page's browser tests (bindings/js/browser-test) open it with answers in the fragment, "
        "tests/fragment_test.cpp reads and writes the spelling",
    "sh: npx carecompare-editor --output editor.html        # about 820 KB (500 KB gzipped)":
        "the editor's browser tests (bindings/js/browser-test/editor.test.js) make and open the page",
    "sh: cmake --build build/test --target docs    # Doxygen (Debian: doxygen): build/test/docs/html/index.html":
        ".ci/run's API reference step builds it with warnings as errors",
    "sh: cmake --preset deb && cmake --build --preset deb && cpack --preset deb   # build/deb/packages/*.deb":
        ".ci/run's packaging step runs it, installs the packages and checks them with lintian",
    "sh: /usr/bin/python3 -m venv --system-site-packages .venv    # Debian's Python: python3-venv python3-pip python3-pybind11":
        "scripts/python-install-check.sh runs this block as the README has it (scripts/test.sh runs the script)",
    "sh: bindings/js/build.sh                 # or: cd bindings/js && npm run build":
        "scripts/web-test.sh runs these commands",
    "js: import { Catalog, logic, CircumstancesError } from 'carecompare';":
        "bindings/js/test/readme.test.js runs it against the WebAssembly build (scripts/web-test.sh)",
    "html: <script type=\"module\">import 'carecompare/element';</script>":
        "markup; the element's browser tests (bindings/js/browser-test) load it this way",
    "sh: npx carecompare-page --output carecompare.html                 # the builtin catalog":
        "bindings/js/test/page.test.js runs carecompare-page with and without --catalog",
    "html: <iframe id=\"carecompare\" src=\"carecompare.html\" title=\"Care options compared\" style=\"width:100%;border:0\"></iframe>":
        "markup; the page's browser tests frame the page and check the height message",
    "json: {":
        "a catalog fragment (no output claimed); the keys it shows are checked by the schema tests",
    "json: \"facts\": [":
        "a catalog fragment (no output claimed); tests/data/facts/overlay.json declares these facts",
    "json: \"json.schemas\": [":
        "editor settings; the schema they name is checked by tests/schema against catalogs",
    "json: \"labels\": {":
        "a catalog fragment; tests/labels_test.cpp renders a right-to-left catalog with labels",
    "cpp: carecompare::load_options opts;":
        "declarations only, no output claimed; tests/limits_test.cpp sets each of these limits",
}


# "This is [`examples/cpp/quickstart.cpp`]": the block is that file (the words may wrap).
THIS_IS = re.compile(r"This\s+is\s+\[`([^`]+)`\]")


def run_cli(args, cwd):
    return subprocess.run([CLI, *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def line_pattern(expected):
    """A README output line as a regex: "..." (and a trailing "…") stand for any text."""
    parts = re.split(r"\.\.\.|…", expected)
    return re.compile("^" + ".*".join(re.escape(p) for p in parts) + "$")


def assert_lines_in_order(expected_lines, actual_text, what):
    actual = actual_text.splitlines()
    at = 0
    for expected in expected_lines:
        pattern = line_pattern(expected)
        while at < len(actual) and not pattern.match(actual[at]):
            at += 1
        assert at < len(actual), f"{what}: the README shows\n  {expected}\nbut the output is\n" + actual_text
        at += 1


# ---- every block accounted for -----------------------------------------------------------------

def covered_here(block):
    return (block.lang in ("cpp", "c") and THIS_IS.search(block.after + block.before)) or \
        block.lang == "python" or \
        "$ carecompare" in block.text or \
        (block.lang == "sh" and block.text.startswith("carecompare ")) or \
        (block.lang == "cpp" and "summary()" in block.text) or \
        (block.lang == "json" and '"when"' in block.text) or \
        (block.lang == "sh" and "json2po" in block.text)


def test_every_block_is_accounted_for():
    unaccounted = [b for b in BLOCKS if not covered_here(b) and b.key not in NOT_RUN_HERE]
    assert not unaccounted, "README blocks neither run by a test nor listed in NOT_RUN_HERE: " + repr(unaccounted)
    stale = set(NOT_RUN_HERE) - {b.key for b in BLOCKS}
    assert not stale, f"NOT_RUN_HERE lists blocks the README no longer has: {stale}"


# ---- blocks that are files ------------------------------------------------------------------------

def test_blocks_that_say_they_are_a_file_are_that_file():
    checked = 0
    for b in BLOCKS:
        m = THIS_IS.search(b.after + b.before)
        if b.lang not in ("cpp", "c") or not m:
            continue
        path = ROOT / m.group(1)
        # The file is the block after its opening comment (licence, what it shows).
        body = path.read_text(encoding="utf-8")
        body = re.sub(r"\A(?:(?://[^\n]*\n)+|/\*.*?\*/\n)+", "", body, flags=re.S)
        assert b.text.strip() == body.strip(), f"{b} is not {m.group(1)}"
        checked += 1
    assert checked == 3  # the quickstart, the FHIR record example and the C example


# A build without the examples (the sanitizer presets) says so; the other builds run this.
if os.environ.get("CARECOMPARE_README_WITHOUT_QUICKSTART") != "1":
    def test_the_quickstart_prints_the_rows_the_readme_shows():
        if not QUICKSTART:
            pytest.skip("CARECOMPARE_QUICKSTART is not set (CTest sets it)")
        out = subprocess.run([QUICKSTART], capture_output=True, text=True, check=True, timeout=60).stdout
        text = README.read_text(encoding="utf-8")
        shown = text[text.index("It prints the relevant options"):text.index("followed by the disclaimer")]
        rows = [l for l in shown.splitlines() if l.startswith("| ") and not l.startswith("| …")]
        assert len(rows) >= 4
        for row in rows:
            cells = [c.strip() for c in row.strip("|").split(" | ")]
            pattern = r"^\| " + r" \| ".join(
                re.escape(c[:-1].rstrip()) + ".*" if c.endswith("…") else re.escape(c) for c in cells) + r" \|$"
            assert any(re.match(pattern, l) for l in out.splitlines()), f"the quickstart does not print\n{row}\n{out}"
        assert "informational purposes" in out  # "followed by the disclaimer"


# ---- the command line -----------------------------------------------------------------------------

def builtin():
    return json.loads(BUILTIN.read_text(encoding="utf-8"))


def bad_json():
    """validate bad.json: the first strategy's kind is "cure", rule 2 shows "radiotherapy"."""
    doc = builtin()
    doc["strategies"][0]["kind"] = "cure"
    doc["rules"][2]["show"][0] = "radiotherapy"
    return doc


def my_json():
    """The rule checks' example: rule 4 reads "site", rule 5 looks for "bones"."""
    doc = builtin()
    doc["rules"][4]["when"] = {"in": ["bone", {"var": "site"}]}
    doc["rules"][5]["when"] = {"in": ["bones", {"var": "sites"}]}
    return doc


def mine_json():
    """The facts' example: the builtin catalog with pain_score and mild-pain (tests/data/facts)."""
    doc = builtin()
    overlay = json.loads((ROOT / "tests" / "data" / "facts" / "overlay.json").read_text(encoding="utf-8"))
    doc["facts"] = overlay["facts"]
    doc["rules"] += overlay["rules"]
    return doc


EXAMPLE_FILES = {"bad.json": bad_json, "my.json": my_json, "mine.json": mine_json}


def transcripts():
    """(block, command, expected lines) of each `$ carecompare` line of the README."""
    out = []
    for b in BLOCKS:
        lines = b.text.splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("$ carecompare "):
                continue
            expected = []
            for following in lines[i + 1:]:
                if following.startswith("$ "):
                    break
                expected.append(following)
            out.append(pytest.param(line[2:], expected, id=f"README.md:{b.line}:{line[2:40]}"))
    return out


@pytest.mark.parametrize("command,expected", transcripts())
def test_transcripts_print_what_the_readme_shows(tmp_path, command, expected):
    for name, make in EXAMPLE_FILES.items():
        if re.search(rf"(^|\s){re.escape(name)}(\s|$)", command):
            (tmp_path / name).write_text(json.dumps(make(), indent=2), encoding="utf-8")
    (tmp_path / "data").symlink_to(ROOT / "data")
    shell = command.replace("carecompare ", f"'{CLI}' ", 1)
    r = subprocess.run(["bash", "-c", "set -o pipefail; " + shell + " 2>&1"], capture_output=True, text=True,
                       cwd=tmp_path, timeout=60)
    assert expected, command
    assert_lines_in_order(expected, r.stdout, command)


def test_the_synopsis_names_only_options_the_commands_take():
    (synopsis,) = [b for b in blocks("sh") if b.text.startswith("carecompare table ")]
    checked = 0
    for line in synopsis.text.splitlines():
        words = line.split("#")[0].split()
        command = [w for w in words[1:3] if re.fullmatch(r"[a-z]+", w)]
        if words[1] == "translation":
            command = ["translation", "template"]
        help_text = subprocess.run([CLI, *command, "--help"], capture_output=True, text=True, check=True).stdout
        for option in re.findall(r"(--[a-z][a-z-]*)", line.split("#")[0]):
            assert option in help_text, f"`{' '.join(command)}` has no {option}: {line}"
            checked += 1
    assert checked >= 20


def test_the_translation_commands_run(tmp_path):
    (block,) = blocks("sh", "json2po")
    for line in block.text.splitlines():
        command = line.split("#")[0].strip()
        if not command:
            continue
        tool = command.split()[0]
        if tool != "carecompare" and shutil.which(tool) is None:
            continue  # translate-toolkit is optional (Debian: translate-toolkit)
        if "es.json" in command:
            shutil.copy(ROOT / "tests" / "data" / "translations" / "es.json", tmp_path / "es.json")
        if "fr.json" in command and not (tmp_path / "fr.json").exists():
            shutil.copy(tmp_path / "template.json", tmp_path / "fr.json")
        (tmp_path / "data").mkdir(exist_ok=True)
        if not (tmp_path / "data" / "catalogs").exists():
            (tmp_path / "data" / "catalogs").symlink_to(ROOT / "data" / "catalogs")
        shell = command.replace("carecompare ", f"'{CLI}' ", 1) if tool == "carecompare" else command
        r = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, cwd=tmp_path, timeout=120)
        assert r.returncode == 0, f"{command}: {r.stdout}{r.stderr}"


def test_the_translation_summary_is_what_the_cli_prints():
    (block,) = blocks("cpp", "summary()")
    claim = re.search(r"^// (es: .*)$", block.text, re.M).group(1)
    r = run_cli(["validate", str(BUILTIN), "--translation", str(ROOT / "tests" / "data" / "translations" / "es.json")],
                ROOT)
    assert r.returncode == 0, r.stderr
    assert claim in r.stdout + r.stderr


def test_the_json_rule_examples_are_rules_of_the_builtin_catalog():
    rules = {r["id"]: r for r in builtin()["rules"]}
    for b in blocks("json", '"when"'):
        shown = json.loads("{" + b.text.strip().rstrip(",") + "}") if not b.text.lstrip().startswith("{") else \
            json.loads(b.text)
        for r in shown.get("rules", [shown]) if isinstance(shown, dict) else shown:
            if "id" in r and r["id"] in rules:
                assert rules[r["id"]]["when"] == r["when"], r["id"]


# ---- Python ---------------------------------------------------------------------------------------

class Claims(ast.NodeTransformer):
    """Rewrites `expr  # claim` statements into checks of the claim."""

    def __init__(self, source_lines):
        self.lines = source_lines
        self.checked = 0

    def visit_Expr(self, node):
        line = self.lines[node.lineno - 1]
        if "#" not in line:
            return node
        claim = line.split("#", 1)[1].strip()
        call = node.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "print":
            target, kind = call.args[0], "printed"
        else:
            target, kind = call, "value"
        self.checked += 1
        check = ast.parse(f"__claim({kind!r}, None, {claim!r}, {node.lineno})").body[0]
        check.value.args[1] = target
        return ast.copy_location(check, node)


def matches(actual, expected):
    """`...` in a claim stands for any value; a list ending in `...` is a prefix of the value."""
    if expected is Ellipsis:
        return True
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return False
        if expected and expected[-1] is Ellipsis:
            return len(actual) >= len(expected) - 1 and all(map(matches, actual, expected[:-1]))
        return len(actual) == len(expected) and all(map(matches, actual, expected))
    if isinstance(expected, dict):
        return isinstance(actual, dict) and set(actual) == set(expected) and \
            all(matches(actual[k], v) for k, v in expected.items())
    return actual == expected


def claim_check(kind, value, claim, line):
    if kind == "printed":
        print(value)
        assert str(value) == claim, f"line {line}: prints {value!r}, the README says {claim!r}"
        return
    # The longest leading part of the claim that is a Python literal: "True, as jsonLogic.apply".
    for end in range(len(claim), 0, -1):
        candidate = claim[:end].rstrip()
        if candidate.endswith(","):
            continue  # "True, as ...": the value is True, not (True,)
        try:
            expected = ast.literal_eval(candidate)
        except (ValueError, SyntaxError):
            continue
        assert matches(value, expected), f"line {line}: the value is {value!r}, the README says {claim!r}"
        return
    raise AssertionError(f"line {line}: the claim {claim!r} is not a value")


# A build without the Python module (the libc++ preset) or with a sanitized one leaves the Python
# blocks to the dev and release builds: CTest says so with CARECOMPARE_README_WITHOUT_PYTHON, and the test is not defined at all
# (under CI=true a skip is an error, and this is no missing requirement).
if os.environ.get("CARECOMPARE_README_WITHOUT_PYTHON") != "1":
    def test_the_python_blocks_run_and_print_what_they_say(tmp_path, monkeypatch):
        pytest.importorskip("carecompare")
        # The health-record block reads bundle.json: the record of tests/data/fhir it is written for.
        shutil.copy(ROOT / "tests" / "data" / "fhir" / "bone-and-liver.json", tmp_path / "bundle.json")
        monkeypatch.chdir(tmp_path)
        namespace = {"__claim": claim_check}
        checked = 0
        for b in blocks("python"):
            if "to_pandas" in b.text:
                try:
                    import pandas  # noqa: F401
                except ImportError:
                    continue  # optional (Debian: python3-pandas); tests/python covers to_pandas() without it
            tree = ast.parse(b.text)
            claims = Claims(b.text.splitlines())
            tree = ast.fix_missing_locations(claims.visit(tree))
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(tree, f"README.md:{b.line}", "exec"), namespace)
            checked += claims.checked
            if "result.disclaimer" in b.text:
                assert "informational" in out.getvalue()
        assert checked >= 2  # logic.apply's value and the error's path
