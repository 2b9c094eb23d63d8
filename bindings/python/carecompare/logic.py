# SPDX-License-Identifier: MIT
"""JsonLogic (jsonlogic.com) on plain Python values, exactly as json-logic-js 2.x evaluates it.

Loose equality, JavaScript truthiness (``[]`` is falsy, ``"0"`` truthy), ``var`` with dotted
paths and defaults, and JavaScript number printing in ``cat``. Integral results come back as
``int``. An unknown operator is a :class:`carecompare.LogicError` (with ``.path``), not a
silent ``None``.

>>> from carecompare import logic
>>> logic.apply({"==": [1, "1"]})
True
>>> logic.apply({"+": [1, "2"]})
3
>>> logic.apply({"cat": ["score ", 1.5]})
'score 1.5'
>>> rule = logic.compile({"in": ["bone", {"var": "sites"}]})
>>> rule.test({"sites": ["bone", "liver"]})
True
"""
from ._core import LogicError, Rule
from ._core import logic_apply as apply
from ._core import logic_compile as compile  # noqa: A001 (like re.compile)
from ._core import logic_truthy as truthy

__all__ = ["LogicError", "Rule", "apply", "compile", "truthy"]
