"""Every channel counted: where the year's proactively disclosed items went, and the
paragraph the annual report's section 一 (总体情况) can take from the counts, in the words
county reports use (「全年累计公开信息N条……利用微博、微信公众号发布信息M条」).

Pure Python: the web layer counts in one aggregate query and passes the counts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChannelCounts:
    """Items published in a year, and how many went to each channel (an item may go to
    several: the figures are not parts of one sum)."""

    total: int
    portal: int = 0
    #: Posted to at least one 微博 or 微信公众号 account.
    new_media: int = 0
    weibo: int = 0
    wechat: int = 0
    #: Posted to another new-media account (and to no 微博 or 微信公众号 one).
    other_accounts: int = 0
    reading_room: int = 0


def section_one_paragraph(*, year: int, counts: ChannelCounts) -> str:
    """「2025年，全年累计公开政府信息120条，其中通过政府网站公开118条，利用微博、微信公众号
    发布信息45条（微博20条、微信公众号30条），在政府信息公开查阅点提供查阅12条。」 — a channel
    with no item is left out."""
    parts = [f"{year}年，全年累计公开政府信息{counts.total}条"]
    details = []
    if counts.portal:
        details.append(f"通过政府网站公开{counts.portal}条")
    if counts.new_media:
        split = []
        if counts.weibo:
            split.append(f"微博{counts.weibo}条")
        if counts.wechat:
            split.append(f"微信公众号{counts.wechat}条")
        # An item on both is one of the M: say so, or 「6条（微博4条、微信公众号6条）」 reads
        # as a sum that does not add up.
        both = counts.weibo + counts.wechat - counts.new_media
        if both > 0:
            split[-1] += f"，其中{both}条在两个平台同时发布"
        details.append(f"利用微博、微信公众号发布信息{counts.new_media}条（{'、'.join(split)}）")
    if counts.other_accounts:
        details.append(f"通过其他政务新媒体发布信息{counts.other_accounts}条")
    if counts.reading_room:
        details.append(f"在政府信息公开查阅点提供查阅{counts.reading_room}条")
    if details:
        details[0] = "其中" + details[0]
    return "，".join(parts + details) + "。"


__all__ = ["ChannelCounts", "section_one_paragraph"]
