"""Pinyin search keys (拼音检索): "zsj" and "zhangsanji" both find 张三记.

Stored beside the name (computed on save and import) so searching is a plain indexed string
match. Polyphonic characters (多音字) are tolerated by storing the initials of every reading
combination up to a small limit, space-separated: 重庆 → "cq zq". pypinyin's dictionary costs
~0.2 s to load, so it is imported on first use, never at start-up.
"""

from __future__ import annotations

import functools
import itertools

MAX_VARIANTS = 4


@functools.cache
def _pypinyin():
    import pypinyin

    return pypinyin


@functools.cache
def _tables():
    p = _pypinyin()
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS
    from pypinyin.seg.simpleseg import seg
    from pypinyin.style import convert

    @functools.lru_cache(maxsize=8192)
    def plain(toned: str) -> str:
        return convert(toned, p.Style.NORMAL, True, default=toned)

    return seg, RE_HANS, PHRASES_DICT, PINYIN_DICT, plain


def syllables(text: str) -> list[str]:
    """``pypinyin.lazy_pinyin(text, errors="default")`` (a test compares them on 30,000 names),
    about 3× faster: pypinyin's own segmenter and dictionaries, without its per-syllable
    converter chain (plug-in hooks we do not use). Imports of 25,000-row ledgers need that.
    Runs of non-Chinese characters stay one item, as in pypinyin."""
    seg, re_hans, phrases, chars, plain = _tables()
    out: list[str] = []
    for word in seg(text):
        if not word:
            continue
        if not re_hans.match(word):
            out.append(word)
        elif word in phrases:
            out += [plain(reading[0]) for reading in phrases[word]]
        else:
            for han in word:
                code = ord(han)
                out.append(plain(chars[code].split(",", 1)[0]) if code in chars else han)
    return out


def initials(text: str) -> str:
    """Lower-case initials of the default reading; non-Chinese letters and digits kept."""
    return "".join(s[0] for s in syllables(text) if s and s[0].isalnum()).lower()


def full(text: str) -> str:
    """Lower-case full pinyin without tones or spaces: 张三记 → zhangsanji."""
    return "".join(syllables(text)).replace(" ", "").lower()


def initials_variants(text: str) -> str:
    """Space-separated initials for up to MAX_VARIANTS reading combinations (多音字)."""
    p = _pypinyin()
    # Character by character: within a phrase pypinyin keeps only the phrase's reading.
    options = []
    for char in text:
        readings = p.pinyin(char, style=p.Style.FIRST_LETTER, heteronym=True, errors="default")
        letters = {s[0].lower() for s in readings[0] if s and s[0].isalnum()} if readings else set()
        options.append(sorted(letters) or [""])
    variants: list[str] = []
    for combo in itertools.product(*options):
        variants.append("".join(combo))
        if len(variants) >= MAX_VARIANTS:
            break
    default = initials(text)
    ordered = [default, *[v for v in variants if v != default]]
    return " ".join(dict.fromkeys(ordered))[:200]


def is_pinyin_query(query: str) -> bool:
    """A query of ASCII letters only is also tried as pinyin (initials or full)."""
    return query.isascii() and query.isalpha()
