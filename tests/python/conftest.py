# SPDX-License-Identifier: MIT
"""Shared fixtures of the Python binding tests.

The tests import `carecompare` from wherever the environment puts it. Two variables make sure it
is the intended one: CARECOMPARE_PYTHON_BUILD_DIR (set by CTest: the package assembled in the
build tree) and CARECOMPARE_EXPECT_INSTALLED=1 (set by scripts/python-install-check.sh: the
package pip installed into a venv, not a source or build tree).
"""
import json
import os
import sys
from pathlib import Path

import pytest

import carecompare

ROOT = Path(__file__).resolve().parents[2]
BUILTIN_JSON = ROOT / "data" / "catalogs" / "metastatic-breast-cancer.json"
OVERLAY_JSON = ROOT / "tests" / "data" / "facts" / "overlay.json"
PACKAGE_DIR = Path(carecompare.__file__).resolve().parent


def pytest_report_header(config):
    return f"carecompare {carecompare.__version__} from {PACKAGE_DIR}"


def pytest_configure(config):
    config.addinivalue_line("markers", "installed: a test of the installed package (its metadata); it runs "
                                       "against a pip-installed copy only (scripts/python-install-check.sh)")
    build_dir = os.environ.get("CARECOMPARE_PYTHON_BUILD_DIR")
    if build_dir and Path(build_dir).resolve() not in PACKAGE_DIR.parents:
        raise pytest.UsageError(f"expected carecompare from {build_dir}, imported {PACKAGE_DIR}")
    if os.environ.get("CARECOMPARE_EXPECT_INSTALLED") == "1":
        if ROOT in PACKAGE_DIR.parents or Path(sys.prefix).resolve() not in PACKAGE_DIR.parents:
            raise pytest.UsageError(f"expected carecompare installed in {sys.prefix}, imported {PACKAGE_DIR}")


def pytest_collection_modifyitems(config, items):
    """Tests marked `installed` are left out (deselected, not skipped) unless the copy is installed."""
    if os.environ.get("CARECOMPARE_EXPECT_INSTALLED") == "1":
        return
    left_out = [item for item in items if item.get_closest_marker("installed")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not item.get_closest_marker("installed")]


@pytest.fixture(scope="session")
def builtin():
    return carecompare.Catalog.builtin()


@pytest.fixture()
def builtin_dict():
    """The builtin catalog's JSON file as Python values (a fresh copy per test, to edit)."""
    return json.loads(BUILTIN_JSON.read_text(encoding="utf-8"))


@pytest.fixture()
def with_overlay(builtin_dict):
    """The builtin catalog with the facts and rules of tests/data/facts/overlay.json added."""
    overlay = json.loads(OVERLAY_JSON.read_text(encoding="utf-8"))
    builtin_dict["facts"] = overlay["facts"]
    builtin_dict["rules"] += overlay["rules"]
    return carecompare.Catalog.from_json(builtin_dict)
