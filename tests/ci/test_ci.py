# SPDX-License-Identifier: MIT
"""What keeps CI from going green by accident: scripts/check-tests.py (each run's count against
tests/floors, skips under CI=true), cmake/run-checking-output.cmake (a program's exit status and
output together), and the shell helpers of scripts/common.sh (../shared under CI=true).

The JUnit files here are written as CTest, pytest and node's test runner write theirs.
"""
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "scripts" / "check-tests.py"

spec = importlib.util.spec_from_file_location("check_tests", CHECK)
check_tests = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_tests)
FLOORS = check_tests.read_floors()


def environment(ci):
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return env


def check(*args, ci=None):
    return subprocess.run([sys.executable, str(CHECK), *map(str, args)], capture_output=True, text=True,
                          env=environment(ci), timeout=60)


def ctest_junit(path, passed=0, failed=0, skipped=0):
    """A JUnit file as `ctest --output-junit` writes it (GoogleTest skips: its output, no reason)."""
    cases = [f'<testcase name="T.Pass{i}" classname="T.Pass{i}" time="0" status="run"><system-out/></testcase>'
             for i in range(passed)]
    cases += [f'<testcase name="T.Fail{i}" classname="T.Fail{i}" time="0" status="fail"><failure message=""/>'
              f'<system-out/></testcase>' for i in range(failed)]
    cases += [f'<testcase name="T.Skip{i}" classname="T.Skip{i}" time="0" status="notrun">'
              f'<skipped message="SKIP_REGULAR_EXPRESSION_MATCHED"/><system-out>[ RUN      ] T.Skip{i}\n'
              f'../../tests/x_test.cpp:12: Skipped\nthe suite is not at /nowhere\n[  SKIPPED ] T.Skip{i}\n'
              f'</system-out></testcase>' for i in range(skipped)]
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="(empty)" tests="{len(cases)}">'
                    + "".join(cases) + "</testsuite>", encoding="utf-8")
    return path


def test_counts_every_runners_format(tmp_path):
    ctest = tmp_path / "ctest.xml"
    ctest.write_text('''<?xml version="1.0" encoding="UTF-8"?><testsuite name="(empty)" tests="5">
<testcase name="ok" classname="ok" time="0.01" status="run"><system-out>fine</system-out></testcase>
<testcase name="bad" classname="bad" time="0.02" status="fail"><failure message=""/></testcase>
<testcase name="rc" classname="rc" time="0.01" status="notrun"><skipped message="SKIP_RETURN_CODE=77"/></testcase>
<testcase name="off" classname="off" time="0" status="disabled"><system-out>Disabled</system-out></testcase>
<testcase name="ok2" classname="ok2" time="0.01" status="run"/></testsuite>''', encoding="utf-8")
    assert check_tests.outcomes(ctest) == (2, ["bad"], [("rc", "SKIP_RETURN_CODE=77"),
                                                        ("off", "disabled (the test's DISABLED property)")])
    pytest_xml = tmp_path / "pytest.xml"
    pytest_xml.write_text('''<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="3">
<testcase classname="test_logic" name="test_a" time="0.1"/>
<testcase classname="test_logic" name="test_suite" time="0.0"><skipped type="pytest.skip" message="JsonLogic conformance suite not found">x</skipped></testcase>
<testcase classname="test_logic" name="test_b" time="0.1"><error message="fixture failed"/></testcase>
</testsuite></testsuites>''', encoding="utf-8")
    assert check_tests.outcomes(pytest_xml) == (1, ["test_logic.test_b"], [
        ("test_logic.test_suite", "JsonLogic conformance suite not found")])
    node = tmp_path / "node.xml"
    node.write_text('''<?xml version="1.0" encoding="utf-8"?><testsuites>
<testsuite name="page"><testcase name="axe" time="0.5" classname="test"/>
<testsuite name="inner"><testcase name="deep" time="0.1" classname="test"/></testsuite></testsuite>
<testcase name="suite" time="0.0" classname="test"><skipped type="skipped" message="not found"/></testcase>
<testcase name="todo" time="0.0" classname="test"><skipped type="todo" message="later"/></testcase>
</testsuites>''', encoding="utf-8")
    assert check_tests.outcomes(node) == (2, [], [("test.suite", "not found"), ("test.todo", "later")])


def test_a_googletest_skip_seen_by_ctest_gives_its_reason(tmp_path):
    assert check_tests.outcomes(ctest_junit(tmp_path / "r.xml", passed=1, skipped=1))[2] == [
        ("T.Skip0", "the suite is not at /nowhere")]


def test_fewer_than_the_floor_fails_with_one_line_saying_the_count_the_floor_and_where(tmp_path):
    floor = FLOORS["ctest.test"]
    out = check("ctest.test", ctest_junit(tmp_path / "r.xml", passed=floor - 1))
    assert out.returncode == 1
    assert out.stderr.splitlines() == [
        f"error: ctest.test: {floor - 1} passed, fewer than its floor of {floor} in tests/floors: find the tests that "
        "no longer run (or, when tests were removed on purpose, lower the floor there)"]


def test_the_floor_passes_and_more_passes_saying_what_to_raise_it_to(tmp_path):
    floor = FLOORS["ctest.test"]
    exact = check("ctest.test", ctest_junit(tmp_path / "r.xml", passed=floor))
    assert (exact.returncode, exact.stderr) == (0, f"ctest.test: {floor} passed (floor {floor})\n")
    more = check("ctest.test", ctest_junit(tmp_path / "r.xml", passed=floor + 3), ci="true")
    assert more.returncode == 0
    assert f"raise `ctest.test` to {floor + 3} in tests/floors" in more.stderr


@pytest.mark.parametrize("ci", ["true", "1", "yes", " TRUE "])
def test_a_skip_under_ci_is_an_error_naming_the_test_and_its_reason(tmp_path, ci):
    floor = FLOORS["ctest.test"]
    out = check("ctest.test", ctest_junit(tmp_path / "r.xml", passed=floor, skipped=1), ci=ci)
    assert out.returncode == 1
    assert out.stderr.splitlines()[0] == (
        "error: CI=true: ctest.test: 1 skipped, which CI must run: T.Skip0 (the suite is not at /nowhere)")


@pytest.mark.parametrize("ci", [None, "", "0", "false", "no", "False"])
def test_outside_ci_a_skip_is_listed_with_its_reason(tmp_path, ci):
    floor = FLOORS["ctest.test"]
    out = check("ctest.test", ctest_junit(tmp_path / "r.xml", passed=floor, skipped=2), ci=ci)
    assert out.returncode == 0
    assert out.stderr.splitlines()[0] == ("note: ctest.test: 2 skipped (CI=true makes this an error): "
                                          "T.Skip0 (the suite is not at /nowhere); T.Skip1 (the suite is not at /nowhere)")


def test_skipped_tests_count_toward_the_floor_outside_ci(tmp_path):
    """A clone without ../shared skips the tests that need it, saying so, and passes outside CI."""
    floor = FLOORS["ctest.test"]
    out = check("ctest.test", ctest_junit(tmp_path / "r.xml", passed=floor - 2, skipped=2))
    assert out.returncode == 0
    assert out.stderr.splitlines()[1] == f"ctest.test: {floor - 2} passed and 2 skipped (floor {floor})"
    out = check("ctest.test", ctest_junit(tmp_path / "r.xml", passed=floor - 2, skipped=1))
    assert out.returncode == 1
    assert out.stderr.splitlines()[1].startswith(f"error: ctest.test: {floor - 2} passed and 1 skipped, fewer than")


def test_a_failed_test_fails_the_check(tmp_path):
    floor = FLOORS["ctest.test"]
    out = check("ctest.test", ctest_junit(tmp_path / "r.xml", passed=floor, failed=1))
    assert out.returncode == 1
    assert "error: ctest.test: 1 failed: T.Fail0" in out.stderr


def test_a_run_without_a_floor_or_without_results_fails(tmp_path):
    out = check("pytest.nothing", ctest_junit(tmp_path / "r.xml", passed=1))
    assert out.returncode == 1 and "no floor" in out.stderr and "`pytest.nothing N`" in out.stderr
    out = check("ctest.test", tmp_path / "absent.xml")
    assert out.returncode == 1 and "no test results" in out.stderr


def test_the_wrapper_gives_the_commands_status_and_never_reads_old_results(tmp_path):
    results = ctest_junit(tmp_path / "r.xml", passed=FLOORS["ctest.test"])
    # A command that fails: its status, whatever the results say.
    out = check("ctest.test", "--junit", results, "--", sys.executable, "-c", "raise SystemExit(3)")
    assert out.returncode == 3
    # A command that writes no results: the old file is gone, so the check fails.
    out = check("ctest.test", "--junit", results, "--", sys.executable, "-c", "pass")
    assert out.returncode == 1 and "no test results" in out.stderr


def test_every_run_the_scripts_and_cmake_name_has_a_floor():
    named = set()
    for path in [ROOT / ".ci" / "run", *(ROOT / "scripts").glob("*.sh"), *ROOT.glob("**/CMakeLists.txt")]:
        if "build" in path.relative_to(ROOT).parts or "node_modules" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        named |= set(re.findall(r"run_(?:ctest|node_tests) ([a-z][\w.]*)", text))
        named |= set(re.findall(r"check-tests\.py\"? ([a-z][\w.]*)", text))
        for run in re.findall(r"FLOOR ([a-z][\w.]*)", text):
            named |= {run, run + ".threads"} if "LOADS_SANITIZED_CODE" in text else {run}
    named.discard("run")  # the usage line
    assert {"ctest.test", "ctest.asan", "ctest.tsan", "pytest.python", "node.api", "node.browser"} <= named
    assert sorted(named - set(FLOORS)) == []


def run_checking_output(tmp_path, script, regex):
    expect = tmp_path / "expect.regex"
    expect.write_text(regex, encoding="utf-8")
    return subprocess.run(["cmake", f"-DEXPECT={expect}", "-P", str(ROOT / "cmake" / "run-checking-output.cmake"),
                           sys.executable, "-c", script], capture_output=True, text=True, timeout=60)


def test_a_program_passes_on_its_exit_status_and_output_together(tmp_path):
    assert run_checking_output(tmp_path, "print('9 strategies, 12 rules')", "9 strategies, 12 rules").returncode == 0
    wrong_text = run_checking_output(tmp_path, "print('8 strategies')", "9 strategies, 12 rules")
    assert wrong_text.returncode != 0 and "does not match" in wrong_text.stderr
    right_text_then_failure = run_checking_output(
        tmp_path, "print('9 strategies, 12 rules'); raise SystemExit(1)", "9 strategies, 12 rules")
    assert right_text_then_failure.returncode != 0 and "exited with 1" in right_text_then_failure.stderr


def shell(command, ci, shared):
    env = environment(ci)
    env["CARECOMPARE_SHARED_DIR"] = str(shared)
    return subprocess.run(["bash", "-c", f"set -euo pipefail; source scripts/common.sh; {command}"],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=60)


def test_missing_shared_data_stops_ci_with_one_line_and_is_a_note_elsewhere(tmp_path):
    out = shell("require_shared_data; echo went on", "true", tmp_path / "nowhere")
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.splitlines() == [
        f"error: CI=true: missing the JsonLogic conformance suite ({tmp_path}/nowhere/conformance/jsonlogic/tests.json) "
        f"and the seed article ({tmp_path}/nowhere/seed/metastatic-breast-cancer-article.txt): put shared/ beside the "
        "clone or set CARECOMPARE_SHARED_DIR. CI runs every test."]
    out = shell("require_shared_data; echo went on", None, tmp_path / "nowhere")
    assert out.returncode == 0 and out.stdout == "went on\n"
    assert "note: missing the JsonLogic conformance suite" in out.stderr


def test_shared_data_present_is_quiet_under_ci(tmp_path):
    (tmp_path / "conformance" / "jsonlogic").mkdir(parents=True)
    (tmp_path / "conformance" / "jsonlogic" / "tests.json").write_text("[]", encoding="utf-8")
    (tmp_path / "seed").mkdir()
    (tmp_path / "seed" / "metastatic-breast-cancer-article.txt").write_text("text", encoding="utf-8")
    out = shell("require_shared_data", "true", tmp_path)
    assert (out.returncode, out.stderr) == (0, "")
