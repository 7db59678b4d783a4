"""Matching rules of street sweeps (扫街纳管): normalisation, scores, reasons, photo checks."""

from __future__ import annotations

import pytest

from station_app.domain import sweeps as rules
from station_app.domain.sweeps import Candidate
from station_app.errors import ValidationError


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("张三记小吃店", "张三记小吃"),
        ("张三记小吃店（个体）", "张三记小吃"),
        ("东平县鑫源商贸有限公司", "东平县鑫源商贸"),
        ("ＡＢＣ　便利店", "ABC便利"),
        ("王 五 商店", "王五"),
        ("店", "店"),  # never empty
    ],
)
def test_core_name_strips_suffixes_width_and_spaces(name, core):
    assert rules.core_name(name) == core


@pytest.mark.parametrize(
    ("sign", "registered", "low"),
    [
        ("张三记小吃店", "张三记小吃", 95),
        ("张三记小吃", "城关镇张三记小吃店", 85),
        ("鑫源商贸", "东平县鑫源商贸有限公司", 85),
        ("王姐水果", "老湖镇王姐水果店", 85),
    ],
)
def test_variants_of_one_shop_score_high(sign, registered, low):
    assert rules.name_similarity(sign, registered) >= low


@pytest.mark.parametrize(
    ("sign", "registered"),
    [("张三记小吃", "李四五金店"), ("鑫源商贸", "王五便利店"), ("华兴建材", "康宁药店")],
)
def test_unrelated_names_score_low(sign, registered):
    assert rules.name_similarity(sign, registered) < 40


def test_score_adds_address_phone_and_grid_with_reasons():
    c = Candidate(7, "城关镇张三记小吃店", "东平县城关镇人民路12号", "13812345678", 3)
    plain = rules.score("张三记小吃", "", "", None, c)
    full = rules.score("张三记小吃", "人民路12号", "13812345678", 3, c)
    assert full.phone_match and full.same_grid and full.score > plain.score
    assert full.reason.startswith("名称相似度 90") and "地址相似度" in full.reason
    assert "电话相同" in full.reason and "同一网格" in full.reason
    assert full.score <= 100


def test_rank_orders_best_first_and_drops_the_unrelated_unless_phone_matches():
    pool = [
        Candidate(1, "李四五金店", "解放路99号"),
        Candidate(2, "城关镇张三记餐馆", "人民路12号"),
        Candidate(3, "城关镇张三记小吃店", "人民路12号"),
        Candidate(4, "康宁药店", "", "13812345678"),
        Candidate(3, "城关镇张三记小吃店", "人民路12号"),  # duplicates are scored once
    ]
    ranked = rules.rank("张三记小吃", "人民路12号", "13812345678", None, pool)
    assert [m.entity_id for m in ranked] == [3, 2, 4]
    assert ranked[-1].phone_match and ranked[-1].name_score == 0


def test_fragments_for_sql_narrowing():
    assert rules.name_fragments("张三记小吃店") == ["张三记", "三记小", "记小吃"]
    assert rules.name_fragments("面馆") == ["面馆"]
    assert len(rules.name_fragments("东平县城关镇人民路口张三记老字号小吃店")) == 6
    assert rules.address_fragments("东平县城关镇人民路12号") == ["民路12号"]
    assert rules.address_fragments("府前街") == ["府前街"]
    assert rules.address_fragments("") == []


def test_photo_magic_bytes_and_size():
    assert rules.photo_mime(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert rules.photo_mime(b"\x89PNG\r\n\x1a\nrest") == "image/png"
    for bad, text in (
        (b"", "空的"),
        (b"%PDF-1.7", "不是 JPEG 或 PNG"),
        (b"\xff\xd8\xff" + b"0" * rules.MAX_PHOTO_BYTES, "照片太大"),
    ):
        with pytest.raises(ValidationError, match=text) as err:
            rules.photo_mime(bad)
        assert err.value.field == "photo"


def test_capture_needs_name_and_grid():
    with pytest.raises(ValidationError, match="请填写店名"):
        rules.check_capture(" ", 1)
    with pytest.raises(ValidationError, match="请选择网格"):
        rules.check_capture("王姐水果摊", None)
    assert rules.check_capture("王姐 水果摊", 1, address="人民路 1号")["address"] == "人民路1号"
