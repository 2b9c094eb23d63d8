#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What the API reference documents: counts from Doxygen's XML (the docs target writes it).

    scripts/docs-stats.py [BUILD/docs/xml]

Prints, per kind, the public symbols of include/carecompare.h and include/carecompare/*.hpp that
the reference documents (classes and structs, functions, members, enumerations and their
values, type aliases, macros), and how many functions name their parameters, their return and
what they throw. Exits 1 when a symbol the reference lists has no description: the docs target
with CARECOMPARE_DOCS_WERROR fails first, this is the count for people.
"""
import collections
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

xml_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "build/test/docs/xml")
if not (xml_dir / "index.xml").is_file():
    sys.exit(f"no Doxygen XML in {xml_dir}: cmake --build <build> --target docs")


def has_text(node):
    return node is not None and "".join(node.itertext()).strip() != ""


def documented(element):
    return has_text(element.find("briefdescription")) or has_text(element.find("detaileddescription"))


counts = collections.Counter()
undocumented = []
functions = collections.Counter()
seen = set()
for compound_file in sorted(xml_dir.glob("*.xml")):
    if compound_file.name == "index.xml":
        continue
    root = ET.parse(compound_file).getroot()
    for compound in root.iter("compounddef"):
        kind = compound.get("kind")
        name = compound.findtext("compoundname")
        if kind in ("class", "struct"):
            counts["classes and structs"] += 1
            if not documented(compound):
                undocumented.append(name)
        elif kind == "file":
            counts["files"] += 1
        for member in compound.iter("memberdef"):
            ident = member.get("id")
            if ident in seen:  # a member is listed in its file and in its namespace or class
                continue
            seen.add(ident)
            mkind = member.get("kind")
            # Not API: private members, deleted functions, friend declarations of classes.
            if member.get("prot") != "public" or "=delete" in (member.findtext("argsstring") or "").replace(" ", ""):
                continue
            if mkind == "friend" and (member.findtext("type") or "").strip() in ("class", "struct"):
                continue
            label = {"function": "functions", "variable": "members and constants", "enum": "enumerations",
                     "typedef": "type aliases", "define": "macros", "friend": "functions"}.get(mkind, mkind)
            counts[label] += 1
            full = f"{name}::{member.findtext('name')}"
            if not documented(member):
                undocumented.append(full)
            for value in member.iter("enumvalue"):
                # logic::op's operators come from the X-macro table CARECOMPARE_LOGIC_OPERATORS,
                # documented as a whole; Doxygen sees the macro's name as one enumerator.
                if value.findtext("name") == "CARECOMPARE_LOGIC_OP_ENUMERATOR":
                    continue
                counts["enumerators"] += 1
                if not documented(value):
                    undocumented.append(f"{full}::{value.findtext('name')}")
            if mkind == "function":
                detail = member.find("detaileddescription")
                lists = {pl.get("kind") for pl in detail.iter("parameterlist")} if detail is not None else set()
                sections = {ss.get("kind") for ss in member.iter("simplesect")}
                named = [p.findtext("declname") for p in member.findall("param") if p.findtext("declname")]
                if named:
                    functions["with named parameters"] += 1
                    described = {n.findtext("parametername") for item in (detail.iter("parameteritem") if detail is not None else [])
                                 for n in item.iter("parameternamelist")}
                    functions["... every one described"] += all(n in described for n in named)
                functions["document their return"] += "return" in sections
                functions["name what they throw"] += "exception" in lists

total = sum(v for k, v in counts.items() if k != "files")
print(f"API reference: {total} documented public symbols in {counts['files']} headers")
for kind, n in sorted(counts.items(), key=lambda kv: -kv[1]):
    if kind != "files":
        print(f"  {n:5d}  {kind}")
print("functions:")
for kind, n in functions.items():
    print(f"  {n:5d}  {kind}")
if undocumented:
    print(f"undocumented: {len(undocumented)}: " + ", ".join(undocumented[:20]))
    sys.exit(1)
