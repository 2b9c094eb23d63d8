# SPDX-License-Identifier: MIT
"""Builds carecompare._core for `pip install .` (metadata: pyproject.toml).

The extension is the one C++ file bindings/python/src/module.cpp, with the library in it in
header-only mode (CARECOMPARE_HEADER_ONLY: <carecompare/carecompare.hpp> includes the sources of
src/), so that pip needs no CMake build of libcarecompare-cpp. The builtin catalog's bytes are
generated, as in the CMake build, by cmake/builtin-catalog.cmake (run here in script mode,
`cmake -P`): one generator for both builds.
"""
import re
import shutil
import subprocess
from pathlib import Path

from pybind11.setup_helpers import Pybind11Extension, build_ext
from setuptools import setup

ROOT = Path(__file__).resolve().parent
# Intermediate files go under build/ (git-ignored), kept between builds so that a rebuild with
# unchanged sources compiles nothing.
BUILD_BASE = "build/python-setuptools"


def version():
    config = (ROOT / "include" / "carecompare" / "config.hpp").read_text(encoding="utf-8")
    parts = [re.search(rf"#define CARECOMPARE_VERSION_{p} (\d+)", config).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
    return ".".join(parts)


class BuildExt(build_ext):
    """Generates the builtin-catalog header, then compiles as pybind11's build_ext does."""

    def run(self):
        cmake = shutil.which("cmake")
        if cmake is None:
            raise RuntimeError("cmake is needed to embed the builtin catalog: apt-get install cmake")
        generated = (Path(self.build_temp) / "carecompare-generated").resolve()
        subprocess.run([cmake, f"-DPROJECT_SOURCE_DIR={ROOT}", f"-DPROJECT_BINARY_DIR={generated}",
                        "-P", str(ROOT / "cmake" / "builtin-catalog.cmake")], check=True)
        for ext in self.extensions:
            ext.include_dirs.append(str(generated / "generated"))
        super().run()


def sources_under(*folders, pattern):
    return sorted(str(p.relative_to(ROOT)) for folder in folders for p in (ROOT / folder).rglob(pattern))


core = Pybind11Extension(
    "carecompare._core",
    ["bindings/python/src/module.cpp"],
    include_dirs=["include", "src"],
    # fmt and fast_float (Debian: libfmt-dev, libfast-float-dev) are header-only here too, and
    # Boost.JSON's parser: its few functions that are not inline are defined in this one file
    # (CARECOMPARE_DEFINE_BOOST_JSON, src/parse.cpp), so nothing is linked.
    define_macros=[("CARECOMPARE_HEADER_ONLY", "1"), ("FMT_HEADER_ONLY", "1"), ("CARECOMPARE_DEFINE_BOOST_JSON", "1")],
    # Rebuild when any source or the catalog data changes (setuptools compares times).
    depends=sources_under("include", "src", "bindings/python/src", pattern="*.hpp")
    + sources_under("src", pattern="*.cpp")
    + ["data/catalogs/metastatic-breast-cancer.json", "cmake/builtin-catalog.cmake"],
    cxx_std=20,
)

setup(
    version=version(),
    ext_modules=[core],
    cmdclass={"build_ext": BuildExt},
    options={"build": {"build_base": BUILD_BASE}},
    zip_safe=False,
)
