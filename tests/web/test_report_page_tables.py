"""The staff report page prints Table 2 as the format does: every row as wide as the
table, the narrower blocks (行政许可, 行政处罚, 收费) filled with empty cells instead of
leaving a ragged edge without borders."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_every_row_of_table_two_is_as_wide_as_the_table(client, county):
    client.force_login(county.clerk_edu)
    body = client.get("/reports/T-EDU/2024/").content.decode()
    table = body.split("二、主动公开政府信息情况</h2>")[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    assert len(rows) == 4 + 4 + 6  # 4 block titles, 4 headings, 6 rows of figures
    widths = set()
    for row in rows:
        spans = re.findall(r"<t[hd](?: colspan=\"(\d+)\")?[^>]*>", row)
        widths.add(sum(int(s) if s else 1 for s in spans))
    assert widths == {4}
    assert "<td>行政许可</td>" in table
