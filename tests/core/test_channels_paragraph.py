"""The suggested paragraph for the annual report's section 一, from the channel counts."""

from __future__ import annotations

from gongkai.core.channels import ChannelCounts, section_one_paragraph


def test_every_channel():
    counts = ChannelCounts(
        total=120, portal=118, new_media=45, weibo=20, wechat=30, other_accounts=3, reading_room=12
    )
    assert section_one_paragraph(year=2025, counts=counts) == (
        "2025年，全年累计公开政府信息120条，其中通过政府网站公开118条，"
        "利用微博、微信公众号发布信息45条（微博20条、微信公众号30条，其中5条在两个平台同时发布），"
        "通过其他政务新媒体发布信息3条，在政府信息公开查阅点提供查阅12条。"
    )


def test_a_channel_with_nothing_is_left_out():
    counts = ChannelCounts(total=7, new_media=2, wechat=2)
    assert section_one_paragraph(year=2024, counts=counts) == (
        "2024年，全年累计公开政府信息7条，其中利用微博、微信公众号发布信息2条（微信公众号2条）。"
    )
    assert section_one_paragraph(year=2024, counts=ChannelCounts(total=0)) == (
        "2024年，全年累计公开政府信息0条。"
    )


def test_items_on_both_platforms_are_named_so_the_figures_add_up():
    apart = ChannelCounts(total=10, new_media=10, weibo=4, wechat=6)
    assert "发布信息10条（微博4条、微信公众号6条）。" in section_one_paragraph(
        year=2025, counts=apart
    )
    both = ChannelCounts(total=10, new_media=6, weibo=4, wechat=6)
    assert "发布信息6条（微博4条、微信公众号6条，其中4条在两个平台同时发布）。" in (
        section_one_paragraph(year=2025, counts=both)
    )
