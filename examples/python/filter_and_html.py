#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Which care options are relevant to a situation, and why; then an HTML page that compares them.

    python3 examples/python/filter_and_html.py --site bone --symptom pain --output options.html

Prints the relevant options (highest relevance first) with the reasons each is shown, and the
catalog's disclaimer, then writes an accessible HTML page (caption, column and row headers,
language, disclaimer and sources) comparing the relevant options, followed by the ones not
shown and why. Informational only: nothing here is advice.
"""
import argparse
import sys
from pathlib import Path

import carecompare


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", action="append", default=[], help="where the cancer has spread, e.g. bone")
    parser.add_argument("--symptom", action="append", default=[], help="a symptom, e.g. pain")
    parser.add_argument("--goal", action="append", default=[], help="a goal, e.g. stay-active")
    parser.add_argument("--catalog", help="a catalog JSON file (default: the builtin catalog)")
    parser.add_argument("--output", default="carecompare-options.html", help="where to write the HTML page")
    args = parser.parse_args(argv)

    try:
        catalog = carecompare.Catalog.from_file(args.catalog) if args.catalog else carecompare.Catalog.builtin()
        result = catalog.filter(sites=args.site, symptoms=args.symptom, goals=args.goal)
    except carecompare.Error as e:  # CatalogError, CircumstancesError: both name the spot (e.path)
        print(f"error: {e}", file=sys.stderr)
        return 2

    print(f"Options relevant to sites={args.site} symptoms={args.symptom} goals={args.goal}:")
    for option in result.relevant:
        print(f"- {option.strategy.name} (relevance {option.score:g}): {option.strategy.purpose}")
        for reason in option.reasons:
            print(f"    why: {reason.text}")
    print(f"Not shown: {', '.join(o.strategy.name for o in result.not_shown) or 'none'}")
    print()
    print(result.disclaimer)

    page = result.table(format="html", full_page=True, include_not_shown=True)
    Path(args.output).write_text(page, encoding="utf-8")
    print(f"\nWrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
