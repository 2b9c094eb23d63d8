# SPDX-License-Identifier: MIT
"""The package itself: version, exports, type stubs that match the module, docstring examples."""
import ast
import doctest
import inspect
import pickle
import re

import pytest

import carecompare
from carecompare import _core

from conftest import PACKAGE_DIR, ROOT

ERRORS = ["CatalogError", "CircumstancesError", "LogicError", "RenderError", "ParseError"]


def test_version_comes_from_the_cpp_header():
    config = (ROOT / "include" / "carecompare" / "config.hpp").read_text(encoding="utf-8")
    parts = [re.search(rf"#define CARECOMPARE_VERSION_{p} (\d+)", config).group(1)
             for p in ("MAJOR", "MINOR", "PATCH")]
    assert carecompare.__version__ == ".".join(parts)


@pytest.mark.installed
def test_installed_metadata_has_the_same_version():
    from importlib import metadata

    assert metadata.version("carecompare") == carecompare.__version__


def test_all_names_exist_and_classes_show_as_carecompare():
    for name in carecompare.__all__:
        assert hasattr(carecompare, name), name
    for name in ["Catalog", "Strategy", "Result", "Table", "RelevantOption", "NotShownOption", "Reason",
                 "RuleOutcome", "Problem", "Error", *ERRORS]:
        assert getattr(carecompare, name).__module__ == "carecompare", name
    assert carecompare.logic.Rule.__module__ == "carecompare.logic"
    public_core = {n for n in dir(_core) if not n.startswith("_") and not n.startswith("logic_")}
    assert public_core - {"Rule"} <= set(carecompare.__all__)
    assert set(carecompare.logic.__all__) == {"LogicError", "Rule", "apply", "compile", "truthy"}


def test_errors_are_value_errors_and_pickle_with_their_path(builtin):
    for name in ERRORS:
        cls = getattr(carecompare, name)
        assert issubclass(cls, carecompare.Error) and issubclass(cls, ValueError)
        assert cls.__doc__
    with pytest.raises(carecompare.CircumstancesError) as info:
        builtin.filter(sites=["nowhere"])
    again = pickle.loads(pickle.dumps(info.value))
    assert (type(again), again.path, again.id, str(again)) == (
        carecompare.CircumstancesError, "/sites/0", 301, str(info.value))


def test_typing_files_ship_with_the_package():
    for name in ("py.typed", "__init__.pyi", "_core.pyi"):
        assert (PACKAGE_DIR / name).is_file(), name


def stub_tree():
    return ast.parse((PACKAGE_DIR / "_core.pyi").read_text(encoding="utf-8"))


def stub_members(node):
    names = set()
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.ClassDef)):
            names.add(item.name)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
        elif isinstance(item, ast.Assign):
            names.update(t.id for t in item.targets if isinstance(t, ast.Name))
    return names


def runtime_members(cls):
    inherited = set()
    for base in cls.__mro__[1:]:
        inherited |= set(vars(base))
    names = {n for n in vars(cls) if not n.startswith("_") or n in ("__eq__", "__hash__")}
    if cls.__hash__ is None:
        names.discard("__hash__")
    return names - (inherited - set(vars(cls))) if not issubclass(cls, BaseException) else names


def test_stubs_declare_exactly_what_the_module_has():
    tree = stub_tree()
    declared = {n for n in stub_members(tree) if not n.startswith("_") or n == "__version__"}
    actual = {n for n in dir(_core) if not n.startswith("_") or n == "__version__"}
    assert declared == actual
    classes = {c.name: c for c in tree.body if isinstance(c, ast.ClassDef)}
    for name, node in classes.items():
        cls = getattr(_core, name)
        if issubclass(cls, BaseException):
            instance_attrs = {n for n in stub_members(node) if not n.startswith("_")}
            assert instance_attrs <= set(dir(cls)), name
            continue
        stubbed = {n for n in stub_members(node) if not n.startswith("_") or n in ("__eq__", "__hash__")}
        assert stubbed == runtime_members(cls), name


def test_stub_signatures_name_the_real_parameters():
    # pybind11 writes each signature as the first line of the docstring: "name(a: T, b: U = d) -> R".
    tree = stub_tree()
    for cls_node in [c for c in tree.body if isinstance(c, ast.ClassDef)]:
        cls = getattr(_core, cls_node.name)
        for fn in [f for f in cls_node.body if isinstance(f, ast.FunctionDef) and not f.name.startswith("_")]:
            if any(isinstance(d, ast.Name) and d.id == "property" for d in fn.decorator_list):
                continue
            doc = inspect.getdoc(getattr(cls, fn.name)) or ""
            params = [a.arg for a in fn.args.args + fn.args.kwonlyargs if a.arg != "self"]
            for p in params:
                assert re.search(rf"\b{p}:", doc), f"{cls_node.name}.{fn.name}: {p} not in {doc.splitlines()[0]}"


def test_docstring_examples_run():
    for module in (carecompare, carecompare.logic):
        failures, tried = doctest.testmod(module, verbose=False)
        assert tried > 0 and failures == 0, module.__name__
