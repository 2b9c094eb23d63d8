#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks what one test runner did against tests/floors, the file of test counts CI relies on.

    check-tests.py RUN RESULTS.xml                    check a finished run
    check-tests.py RUN --junit RESULTS.xml -- CMD...  run CMD (which writes RESULTS.xml), then check it

RUN names the run in tests/floors (`ctest.test`, `pytest.python`, `node.api`...). RESULTS.xml is
the JUnit XML the runner wrote: `ctest --output-junit`, `pytest --junitxml`, `node --test
--test-reporter=junit`.

The check fails, with one line on stderr, when
  - fewer tests ran (passed, or skipped saying why) than the run's floor: a suite that no longer
    runs, or fewer tests in it;
  - CI is set (CI=true, as CI services set it) and a test was skipped: CI runs every test, so a
    skip means something CI needs is missing (outside CI the skips are listed, with their reasons);
  - the results are missing, or the run has no floor.
More tests than the floor pass: adding tests raises the count, and the note printed says what to
raise the floor to. Exit status: the command's when it failed, else 0 or 1 for the check.
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

FLOORS = Path(__file__).resolve().parents[1] / "tests" / "floors"


def ci():
    """CI mode: CI set to anything but "", "0", "false" or "no" (the one rule of every runner's helper)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def read_floors(path=FLOORS):
    """{run: floor} from `run floor` lines; `#` starts a comment."""
    floors = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if len(words) != 2 or not words[1].isdigit():
            raise SystemExit(f"error: {path}:{number}: expected `run floor`, got {line.strip()!r}")
        floors[words[0]] = int(words[1])
    return floors


def skip_reason(case, skipped):
    """Why a test was skipped: the runner's message, or for a GoogleTest skip seen by CTest (whose
    message only says its pattern matched) the line after GoogleTest's "Skipped"."""
    reason = "" if skipped is None else (skipped.get("message") or (skipped.text or "")).strip()
    output = (case.findtext("system-out") or "").splitlines()
    if reason in ("", "SKIP_REGULAR_EXPRESSION_MATCHED"):
        for line, following in zip(output, output[1:]):
            if line.endswith(": Skipped") and following.strip():
                return following.strip()
    if case.get("status") == "disabled":
        return "disabled (the test's DISABLED property)"
    return reason.splitlines()[0] if reason else "no reason given"


def outcomes(results):
    """(passed, failed names, skipped [(name, reason)]) of a JUnit XML file. A test passed unless it
    has a <failure>, <error> or <skipped> element, or CTest's status says it did not run."""
    passed, failed, skipped = 0, [], []
    for case in ET.parse(results).getroot().iter("testcase"):
        classname, name = case.get("classname"), case.get("name")
        name = name if classname in (None, "", name) else f"{classname}.{name}"
        if case.find("failure") is not None or case.find("error") is not None:
            failed.append(name)
        elif case.find("skipped") is not None or case.get("status") in ("notrun", "disabled"):
            skipped.append((name, skip_reason(case, case.find("skipped"))))
        else:
            passed += 1
    return passed, failed, skipped


def check(run, results):
    """Prints what the run did; returns 0 when it meets its floor (and ran everything under CI)."""
    floors = read_floors()
    if run not in floors:
        print(f"error: {run}: no floor in {FLOORS}: add the line `{run} N`, N the tests that pass now", file=sys.stderr)
        return 1
    floor = floors[run]
    if not Path(results).is_file():
        print(f"error: {run}: no test results at {results}: the runner did not run", file=sys.stderr)
        return 1
    passed, failed, skipped = outcomes(results)
    listed = "; ".join(f"{name} ({reason})" for name, reason in skipped)
    status = 0
    if skipped and ci():
        print(f"error: CI=true: {run}: {len(skipped)} skipped, which CI must run: {listed}", file=sys.stderr)
        status = 1
    elif skipped:
        print(f"note: {run}: {len(skipped)} skipped (CI=true makes this an error): {listed}", file=sys.stderr)
    if failed:
        print(f"error: {run}: {len(failed)} failed: {', '.join(failed)}", file=sys.stderr)
        status = 1
    # The tests that ran, skips included: a skip is reported above (an error under CI), and a test
    # that skips has not gone missing.
    ran = passed + len(skipped)
    counted = f"{passed} passed" + (f" and {len(skipped)} skipped" if skipped else "")
    if ran < floor:
        print(f"error: {run}: {counted}, fewer than its floor of {floor} in tests/floors: find the tests that "
              f"no longer run (or, when tests were removed on purpose, lower the floor there)", file=sys.stderr)
        status = 1
    elif ran > floor:
        print(f"{run}: {counted} (floor {floor}; when you added tests, raise `{run}` to {ran} in tests/floors)",
              file=sys.stderr)
    else:
        print(f"{run}: {counted} (floor {floor})", file=sys.stderr)
    return status


def main(argv):
    if len(argv) >= 4 and argv[1] == "--junit" and "--" in argv:
        run, results = argv[0], argv[2]
        command = argv[argv.index("--") + 1:]
        if not command:
            raise SystemExit("error: no command after --")
        # Results of an earlier run must not stand in for this one.
        Path(results).unlink(missing_ok=True)
        Path(results).parent.mkdir(parents=True, exist_ok=True)
        returncode = subprocess.call(command)
        status = check(run, results)
        return returncode if returncode != 0 else status
    if len(argv) == 2:
        return check(argv[0], argv[1])
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
