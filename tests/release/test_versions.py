# SPDX-License-Identifier: MIT
"""Every face of carecompare reports the one version that include/carecompare/config.hpp defines.

CTest (tests/release/CMakeLists.txt) runs this with the build's files in the environment:
CARECOMPARE_PROJECT_VERSION (CMake's project version), CARECOMPARE_BUILD_DIR (the .pc files and
the CMake package version file), CARECOMPARE_CLI, CARECOMPARE_C_LIBRARY and
CARECOMPARE_PYTHON_DIR for the faces this build has. The npm package, the Python wheel's
metadata and the changelog are read from the source tree. A face that is not built here (no
variable) is skipped and says so; a face that is built and reports another version fails.
"""
import ctypes
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def source_version():
    text = (ROOT / "include" / "carecompare" / "config.hpp").read_text(encoding="utf-8")
    parts = []
    for part in ("MAJOR", "MINOR", "PATCH"):
        found = re.findall(rf"^#define CARECOMPARE_VERSION_{part} (\d+)$", text, re.M)
        assert len(found) == 1, f"config.hpp must define CARECOMPARE_VERSION_{part} once, found {found}"
        parts.append(int(found[0]))
    return parts


MAJOR, MINOR, PATCH = source_version()
VERSION = f"{MAJOR}.{MINOR}.{PATCH}"


def env_path(name):
    value = os.environ.get(name)
    if not value:
        pytest.skip(f"{name} is not set: this build has no such face")
    return Path(value)


def run(*args, **kwargs):
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)
    assert done.returncode == 0, f"{args} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_the_version_is_a_plain_semantic_version():
    # CARECOMPARE_VERSION_NUMBER packs it as major*10000 + minor*100 + patch.
    assert MINOR < 100 and PATCH < 100, VERSION


def test_cmake_project_version():
    if "CARECOMPARE_PROJECT_VERSION" not in os.environ:
        pytest.skip("CARECOMPARE_PROJECT_VERSION is not set: run through CTest")
    assert os.environ["CARECOMPARE_PROJECT_VERSION"] == VERSION


def test_cmake_package_version_file():
    build = env_path("CARECOMPARE_BUILD_DIR")
    text = (build / "carecompareConfigVersion.cmake").read_text(encoding="utf-8")
    assert re.search(r'set\(PACKAGE_VERSION "([^"]+)"\)', text).group(1) == VERSION


@pytest.mark.parametrize("asked, compatible", [
    (f"{MAJOR}.{MINOR}", True),
    (VERSION, True),
    (f"{MAJOR}.{MINOR}.{PATCH + 1}", False),
    (f"{MAJOR + 1}.0", False),
    # Before 1.0 a minor release may break the C++ API (README, "Versions"): 0.1 is not 0.2.
    (f"{MAJOR}.{MINOR - 1}" if MINOR else f"{MAJOR - 1}.0", MAJOR != 0 and MINOR != 0),
])
def test_cmake_package_version_file_answers_find_package(asked, compatible):
    """What find_package(carecompare <asked>) decides, by the rules of the installed version file."""
    if asked.startswith("-"):
        pytest.skip("no earlier version to ask for")
    build = env_path("CARECOMPARE_BUILD_DIR")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "ask.cmake"
        script.write_text(
            f'set(PACKAGE_FIND_VERSION "{asked}")\n'
            + "".join(f'set(PACKAGE_FIND_VERSION_{p} {n})\n' for p, n in
                      zip(("MAJOR", "MINOR", "PATCH"), (asked.split(".") + ["0", "0"])[:3]))
            + f'set(PACKAGE_FIND_VERSION_COUNT {len(asked.split("."))})\n'
            + f'include("{build / "carecompareConfigVersion.cmake"}")\n'
            + 'message("${PACKAGE_VERSION_COMPATIBLE}")\n', encoding="utf-8")
        done = subprocess.run(["cmake", "-P", str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ("TRUE" if compatible else "FALSE"), (asked, done.stderr)


@pytest.mark.parametrize("module", ["carecompare", "carecompare-c"])
def test_pkg_config_modversion(module):
    build = env_path("CARECOMPARE_BUILD_DIR")
    if not (build / f"{module}.pc").is_file():
        pytest.skip(f"{module}.pc is not made by this build")
    env = dict(os.environ, PKG_CONFIG_PATH=str(build))
    assert run("pkg-config", "--modversion", module, env=env).strip() == VERSION


@pytest.mark.parametrize("module", ["carecompare", "carecompare-c"])
def test_pkg_config_files_name_no_placeholder_url(module):
    """Issue 29: the installed .pc had `URL: https://example.invalid/...`; a URL is left out
    until the project has a real one."""
    build = env_path("CARECOMPARE_BUILD_DIR")
    if not (build / f"{module}.pc").is_file():
        pytest.skip(f"{module}.pc is not made by this build")
    text = (build / f"{module}.pc").read_text(encoding="utf-8")
    urls = re.findall(r"^URL:\s*(\S*)", text, re.M)
    assert all(re.match(r"https://[a-z0-9.-]+\.[a-z]+/", u) and ".invalid" not in u and "example." not in u
               for u in urls), urls


def test_cli_version():
    cli = env_path("CARECOMPARE_CLI")
    assert run(str(cli), "--version") == f"carecompare {VERSION}\n"


def test_c_abi_version():
    library = ctypes.CDLL(str(env_path("CARECOMPARE_C_LIBRARY")))
    library.carecompare_version_string.restype = ctypes.c_char_p
    library.carecompare_version_number.restype = ctypes.c_int
    assert library.carecompare_version_string().decode() == VERSION
    assert library.carecompare_version_number() == MAJOR * 10000 + MINOR * 100 + PATCH


def test_python_module_version():
    package_dir = env_path("CARECOMPARE_PYTHON_DIR")
    env = dict(os.environ, PYTHONPATH=str(package_dir), PYTHONDONTWRITEBYTECODE="1")
    out = run(sys.executable, "-c", "import carecompare; print(carecompare.__file__); print(carecompare.__version__)",
              env=env, cwd=tempfile.gettempdir())
    where, version = out.splitlines()
    assert Path(where).resolve().is_relative_to(package_dir.resolve()), where
    assert version == VERSION


def test_python_wheel_metadata():
    """The metadata pip writes into the wheel (PEP 517's prepare_metadata_for_build_wheel)."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^dynamic = \["version"\]$', pyproject, re.M), "pyproject.toml must leave the version to setup.py"
    assert not re.search(r"^version\s*=", pyproject, re.M), "pyproject.toml must not write the version itself"
    with tempfile.TemporaryDirectory() as tmp:
        code = ("import sys; from setuptools import build_meta; "
                "print(build_meta.prepare_metadata_for_build_wheel(sys.argv[1]))")
        out = run(sys.executable, "-W", "ignore", "-c", code, tmp, cwd=ROOT)
        dist_info = Path(tmp) / out.strip().splitlines()[-1]
        metadata = (dist_info / "METADATA").read_text(encoding="utf-8")
    assert re.search(r"^Name: carecompare$", metadata, re.M)
    assert re.search(r"^Version: (.+)$", metadata, re.M).group(1) == VERSION
    assert "example.invalid" not in metadata


def test_npm_package_version():
    js = ROOT / "bindings" / "js"
    package = json.loads((js / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((js / "package-lock.json").read_text(encoding="utf-8"))
    assert package["version"] == VERSION, "bindings/js/package.json: run scripts/set-version.sh"
    assert lock["version"] == VERSION, "bindings/js/package-lock.json: run scripts/set-version.sh"
    assert lock["packages"][""]["version"] == VERSION, "bindings/js/package-lock.json: run scripts/set-version.sh"


def test_changelog_has_this_version_as_the_latest_release():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", changelog, re.M)
    assert sections and sections[0] == ("Unreleased", ""), "CHANGELOG.md starts with '## [Unreleased]'"
    released = [name for name, _ in sections[1:]]
    assert released and released[0] == VERSION, f"the latest release in CHANGELOG.md is {released[:1]}, not {VERSION}"
    assert all(date for _, date in sections[1:]), "every released section has its date"


def test_c_header_says_since_which_version_for_every_call():
    """Each call of carecompare.h names the version it came in: this one or an earlier one, or the
    next minor version for a call added since (CHANGELOG.md's Unreleased section lists it; a new
    call is a minor change, see the README's "Versions")."""
    header = (ROOT / "include" / "carecompare.h").read_text(encoding="utf-8")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    unreleased = changelog.split("## [Unreleased]", 1)[1].split("\n## [", 1)[0]
    for block, name in re.findall(r"/\*\*((?:(?!\*/).)*)\*/\s*CARECOMPARE_API[^;(]*?\b(carecompare_\w+)\(", header,
                                  re.S):
        since = re.search(r"@since (\d+)\.(\d+)\.(\d+)", block)
        assert since, f"{name} has no @since"
        version = tuple(map(int, since.groups()))
        if version == (MAJOR, MINOR + 1, 0):
            assert name in unreleased, f"{name}: @since {since.group(0)}, but CHANGELOG.md's Unreleased section does not name it"
        else:
            assert version <= (MAJOR, MINOR, PATCH), f"{name}: @since {since.group(0)}"
