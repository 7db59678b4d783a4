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
