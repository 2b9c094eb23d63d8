# SPDX-License-Identifier: MIT
"""The package itself: version, exports, type stubs that match the module, docstring examples."""
import ast
import doctest
import inspect
import pickle
import pydoc
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


def split_parameters(text):
    """The parameters of a pybind11 signature, split at the commas outside brackets and quotes."""
    parts, depth, quote, current = [], 0, None, ""
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        current += ch
    if current.strip():
        parts.append(current.strip())
    return parts


def runtime_signatures(func):
    """Each overload of a pybind11 function as [(name, has default, keyword only)], without self.

    pybind11 writes the signature as the first line of the docstring ("name(a: T, *, b: U = d) -> R"),
    or one numbered line per overload after "Overloaded function.".
    """
    lines = (func.__doc__ or "").splitlines()
    if lines and lines[0].startswith("Overloaded function."):
        heads = [re.sub(r"^\d+\. ", "", line) for line in lines if re.match(r"^\d+\. \w+\(", line)]
    else:
        heads = lines[:1]
    signatures = []
    for head in heads:
        match = re.match(r"^\w+\((.*)\) -> .*$", head)
        assert match, f"{func.__qualname__}: no signature in {head!r}"
        params, keyword_only = [], False
        for part in split_parameters(match.group(1)):
            if part == "*":
                keyword_only = True
                continue
            name = part.split(":")[0].strip()
            if name != "self":
                params.append((name, "=" in part, keyword_only))
        signatures.append(params)
    return signatures


def stub_signature(fn):
    args = fn.args
    positional = args.posonlyargs + args.args
    with_default = len(positional) - len(args.defaults)
    params = [(a.arg, i >= with_default, False) for i, a in enumerate(positional) if a.arg != "self"]
    params += [(a.arg, d is not None, True) for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    return params


def stub_functions(body):
    """name -> [signature of each definition] of the plain functions and methods of a stub body."""
    found = {}
    for fn in [f for f in body if isinstance(f, ast.FunctionDef)]:
        decorators = {d.id for d in fn.decorator_list if isinstance(d, ast.Name)}
        if "property" not in decorators and (not fn.name.startswith("_") or fn.name.startswith("_repr_")):
            found.setdefault(fn.name, []).append(stub_signature(fn))
    return found


def test_stub_signatures_are_the_module_s():
    """Names, order, defaults and keyword-only parameters of every function and method, as the module has them."""
    tree = stub_tree()
    scopes = [(_core, stub_functions(tree.body))]
    scopes += [(getattr(_core, c.name), stub_functions(c.body)) for c in tree.body if isinstance(c, ast.ClassDef)]
    checked = 0
    for owner, functions in scopes:
        for name, stubbed in functions.items():
            actual = runtime_signatures(getattr(owner, name))
            label = f"{getattr(owner, '__name__', owner)}.{name}"
            assert sorted(map(str, stubbed)) == sorted(map(str, actual)), f"{label}: stub {stubbed}, module {actual}"
            checked += 1
    assert checked >= 30  # the test must not pass by finding nothing


def public_members():
    """(qualified name, object) of every public class, function, method and property of the package."""
    for name in [n for n in dir(_core) if not n.startswith("_")]:
        obj = getattr(_core, name)
        if isinstance(obj, (tuple, str)):
            continue
        yield name, obj
        if isinstance(obj, type) and not issubclass(obj, BaseException):
            for member, value in vars(obj).items():
                if not member.startswith("_") or member.startswith("_repr_"):
                    yield f"{name}.{member}", value


def test_every_public_class_function_and_property_has_a_docstring():
    missing = []
    for name, obj in public_members():
        raw = getattr(obj, "__func__", obj)  # staticmethod
        doc = inspect.getdoc(raw) or ""
        if callable(raw) and not isinstance(raw, type):
            # Past pybind11's signature line(s), some words of our own.
            text = re.sub(r"^(Overloaded function\.|\d+\. \w+\(.*|\w+\(.*\) -> .*)$", "", doc, flags=re.M)
            doc = text.strip()
        if len(doc.split()) < 3:
            missing.append(name)
    assert not missing, f"no docstring: {missing}"


def test_help_on_catalog_reads_well():
    text = pydoc.render_doc(carecompare.Catalog, renderer=pydoc.plaintext)
    assert "class Catalog" in text and "_core" not in text
    assert inspect.getdoc(carecompare.Catalog).split("\n")[0] in text
    for name in ("builtin", "from_file", "from_json", "filter", "table", "to_records", "readability"):
        first_line = [line for line in (inspect.getdoc(getattr(carecompare.Catalog, name)) or "").splitlines()
                      if line and not re.match(r"^\w+\(", line)][0]
        assert first_line in text, name


def test_docstring_examples_run():
    for module in (carecompare, carecompare.logic):
        failures, tried = doctest.testmod(module, verbose=False)
        assert tried > 0 and failures == 0, module.__name__
