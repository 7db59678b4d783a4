"""Qt's own dialogs in Chinese (issue 17): the file dialog's labels, the type column and the
dates, on a PC whose locale is C (the dates read "1 12 2026" there before). Run in a fresh
process: the locale is read when the QApplication starts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

SCRIPT = r"""
import json, sys, time
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QTreeView
from station_app.ui.app import create_application

app = create_application()
folder = sys.argv[1]
d = QFileDialog(None, "选择台账", folder, "Excel 工作簿 (*.xlsx)")
d.setOption(QFileDialog.Option.DontUseNativeDialog, True)
d.show()
tree = d.findChild(QTreeView)
model = tree.model()
for _ in range(100):
    app.processEvents()
    if model.rowCount(tree.rootIndex()):
        break
    time.sleep(0.05)
row = [model.index(0, c, tree.rootIndex()).data() for c in range(4)]
print(json.dumps({"labels": [w.text() for w in d.findChildren(QLabel)], "row": row}))
"""


def test_file_dialog_speaks_chinese_on_a_c_locale(tmp_path):
    (tmp_path / "台账").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env |= {"LANG": "C", "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    shown = json.loads(out.stdout.strip().splitlines()[-1])
    labels = shown["labels"]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels, labels
    assert not [t for t in labels if re.search("[A-Za-z]{3,}", t)], labels
    name, _size, kind, modified = shown["row"]
    assert name == "台账" and kind == "文件夹"
    assert re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}", modified), modified
