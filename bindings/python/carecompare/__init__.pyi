# SPDX-License-Identifier: MIT
"""Type stubs of carecompare: everything public comes from the compiled carecompare._core."""
from . import logic as logic
from ._core import FORMATS as FORMATS
from ._core import Catalog as Catalog
from ._core import CatalogError as CatalogError
from ._core import CircumstancesError as CircumstancesError
from ._core import Error as Error
from ._core import LogicError as LogicError
from ._core import NotShownOption as NotShownOption
from ._core import ParseError as ParseError
from ._core import Problem as Problem
from ._core import Reason as Reason
from ._core import RecordError as RecordError
from ._core import RelevantOption as RelevantOption
from ._core import RenderError as RenderError
from ._core import Result as Result
from ._core import RuleOutcome as RuleOutcome
from ._core import Strategy as Strategy
from ._core import Table as Table
from ._core import UndecidedOption as UndecidedOption
from ._core import __version__ as __version__

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
    "logic",
]
