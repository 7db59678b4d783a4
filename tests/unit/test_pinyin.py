from station_app.domain import pinyin


def test_initials_and_full():
    assert pinyin.initials("张三记") == "zsj"
    assert pinyin.full("张三记") == "zhangsanji"
    assert pinyin.initials("城关饭店A区2号") == "cgfdaq2h"


def test_polyphonic_variants_include_default_first():
    keys = pinyin.initials_variants("重庆小面").split()
    assert keys[0] == pinyin.initials("重庆小面")
    assert {"cqxm", "zqxm"} <= set(keys)


def test_pinyin_query_detection():
    assert pinyin.is_pinyin_query("zsj")
    assert not pinyin.is_pinyin_query("张三")
    assert not pinyin.is_pinyin_query("9135")


def test_fast_syllables_equal_pypinyin_on_thousands_of_names():
    """``pinyin.syllables`` skips pypinyin's converter chain; it must read every name exactly
    as ``lazy_pinyin`` does: phrases (重庆, 银行), polyphonic characters, runs of Latin letters,
    digits and punctuation, characters without a reading."""
    import random

    import pypinyin

    rng = random.Random(20261122)
    common = [chr(c) for c in range(0x4E00, 0x9FA6)]
    shop = (
        "张王李赵城关镇人民路重庆长沙银行乐行朝阳还行了小吃店超市药房便利（）()·ABCabc123 -，、号"
    )
    names = [
        "".join(rng.choice(shop if i % 2 else common) for _ in range(rng.randint(1, 14)))
        for i in range(6000)
    ]
    names += ["重庆小面", "中国银行城关支行", "朝阳区乐行超市", "ＡＢＣ便利店", "〇号店", "𠀋记"]
    for name in names:
        assert pinyin.syllables(name) == pypinyin.lazy_pinyin(name, errors="default"), name
