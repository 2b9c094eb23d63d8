# SPDX-License-Identifier: MIT
"""carecompare: compare care options side by side, and see which are relevant to a situation.

Informational only, never advice: every result and every table carries the catalog's
disclaimer. The library is C++; this package binds it (``carecompare._core``) and takes and
returns plain Python values.

>>> import carecompare
>>> catalog = carecompare.Catalog.builtin()
>>> result = catalog.filter(sites=["bone"], symptoms=["pain"])
>>> [(option.strategy.id, option.score) for option in result.relevant]
[('radiation-therapy', 3.0), ('physical-therapy', 2.0), ('pain-management', 1.0), ('monitoring', 1.0)]
>>> result.relevant[0].reasons[0].text
'The cancer is in the bones or the brain. Radiation therapy is used on such sites.'
>>> lines = catalog.table(only=["nutrition"]).splitlines()
>>> lines[2]
'| Care Strategy | Purpose | Common Use Cases |'
"""
from . import logic
from ._core import (
    FORMATS,
    Catalog,
    CatalogError,
    CircumstancesError,
    Error,
    LogicError,
    NotShownOption,
    ParseError,
    Problem,
    Reason,
    RecordError,
    RelevantOption,
    RenderError,
    Result,
    RuleOutcome,
    Strategy,
    Table,
    UndecidedOption,
    __version__,
    is_fragment,
)

__all__ = [
    "FORMATS",
    "Catalog",
    "CatalogError",
    "CircumstancesError",
    "Error",
    "LogicError",
    "NotShownOption",
    "ParseError",
    "Problem",
    "Reason",
    "RecordError",
    "RelevantOption",
    "RenderError",
    "Result",
    "RuleOutcome",
    "Strategy",
    "Table",
    "UndecidedOption",
    "__version__",
    "is_fragment",
    "logic",
]
