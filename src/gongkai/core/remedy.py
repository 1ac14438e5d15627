"""Where an applicant turns against a unit's decision (救济途径): the body that hears an
administrative review (行政复议机关) and the court that hears a suit (管辖法院), as
defaults derived from the unit tree. The office confirms or corrects them; a letter
never prints a guess the law does not support.

- Review (行政复议法, 2023 revision, in force 2024-01-01, Art. 24): a county-level or
  higher local government hears reviews against its own departments and against the
  government one level below (a township's, a county's). So a department or a township
  is reviewed by the nearest government above it, and a government by the government
  above it — unknown when the tree has none (the office fills it in). Departments under
  vertical leadership (customs, finance, foreign exchange, tax, state security; Art. 27)
  are reviewed by the department one level up: the office sets that by hand.
- Court (行政诉讼法 Art. 14, 15, 18): the basic court where the body sits, except that a
  suit against a county-level or higher government goes to the intermediate court. For a
  department or a township of a county (a government named 「…县/区/旗人民政府」) the
  default is 「…县/区/旗人民法院」; a government's court is never guessed. Many places
  send administrative suits to one designated court (集中管辖): the office checks the
  default.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["RemedyBodies", "county_court", "remedy_defaults"]

# A county-level government: 县, 自治县, 市辖区, 旗, 自治旗. A 县级市 cannot be told from a
# prefecture-level city by its name, so no court is derived for it.
_COUNTY = re.compile(r"^(?P<county>.+[县区旗])人民政府$")


@dataclass(frozen=True)
class RemedyBodies:
    reconsideration_body: str  # 行政复议机关
    court: str  # 管辖法院


def county_court(government: str) -> str:
    """「示例县人民法院」 for 「示例县人民政府」; empty for a government not known to be a county's."""
    m = _COUNTY.match(government.strip())
    return f"{m['county']}人民法院" if m else ""


def remedy_defaults(*, kind: str, governments_above: Sequence[str]) -> RemedyBodies:
    """The derived review body and court of a unit of ``kind`` ("government",
    "department", "township", "other"), given the names of the governments above it,
    nearest first. Empty where the tree does not tell."""
    nearest = governments_above[0] if governments_above else ""
    if kind == "government":
        return RemedyBodies(reconsideration_body=nearest, court="")
    return RemedyBodies(reconsideration_body=nearest, court=county_court(nearest))
