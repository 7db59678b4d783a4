"""argparse in Chinese (issue 17): usage, section titles, the help and version options and
every error argparse writes itself. argparse looks its texts up through the module-level
``_``/``ngettext`` it imported from gettext, at the moment it uses them, so replacing those
two names in the argparse module (only in a command-line process, before parsing) is enough."""

from __future__ import annotations

import argparse

TEXTS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示程序版本并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必填的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有“%(value)s”这一项（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的%(type)s",
    "expected one argument": "后面需要写一个值",
    "expected at most one argument": "后面最多写一个值",
    "expected at least one argument": "后面至少写一个值",
    "not allowed with argument %s": "不能与 %s 同时使用",
    "ignored explicit argument %r": "不需要值，却写了 %r",
    "one of the arguments %s is required": "须给出 %s 之一",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是：%(matches)s",
    "unexpected option string: %s": "意外的选项：%s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "expected %s argument": "后面需要写 %s 个值",
    "expected %s arguments": "后面需要写 %s 个值",
}
TYPE_NAMES = {"int": "整数", "float": "数字"}


def _(text: str) -> str:
    return TEXTS.get(text, text)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _(singular if n == 1 else plural)


def install() -> None:
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def type_name(func: object) -> str:
    name = getattr(func, "__name__", repr(func))
    return TYPE_NAMES.get(name, name)
