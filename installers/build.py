"""One recipe for both installers: ``python installers/build.py windows|deb [--arch ...]``.

Run it with the project's virtual environment (``.venv/bin/python``: it has pip and Pillow) on
a Debian machine with the tools ``installers/README.md`` lists (``installers/ci.sh`` installs
them). Everything it makes goes to ``build/installers/`` (work) and ``dist/`` (artefacts, each
with a ``.sha256`` beside it). The version is ``station_app.__version__``; the fourth number of
the Windows and UOS versions is the commit count; the commit is stamped into the application
(``station-app info``).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from recipe import common  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="installers/build.py", description="构建安装包")
    p.add_argument("--out", default=str(common.ROOT / "dist"), help="artefact folder")
    p.add_argument("--work", default=str(common.ROOT / "build" / "installers"), help="work folder")
    sub = p.add_subparsers(dest="target", required=True)
    win = sub.add_parser("windows", help="setup.exe (embeddable CPython + NSIS)")
    win.add_argument(
        "--compressor", choices=("zlib", "lzma"), default="lzma", help="NSIS compression"
    )
    deb = sub.add_parser("deb", help="UOS-layout .deb (PyInstaller onedir in a bullseye chroot)")
    deb.add_argument("--arch", choices=("amd64", "arm64"), default="amd64")
    deb.add_argument("--keep-chroot", action="store_true", help="reuse the build chroot")
    sign = sub.add_parser("sign-file", help=argparse.SUPPRESS)  # NSIS !uninstfinalize
    sign.add_argument("file")
    args = p.parse_args(argv)

    # a TERM (installers/ci.sh stopping the build) unwinds like an error: chroot mounts come off
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    start = time.monotonic()
    out, work = Path(args.out), Path(args.work)
    if args.target == "sign-file":
        from recipe import windows

        windows.sign_file(Path(args.file), Path(os.environ["STATION_SIGN_PKCS12"]))
        return 0
    if args.target == "windows":
        from recipe import windows

        artefact = windows.build(out, work / "windows", compressor=args.compressor)
    else:
        from recipe import deb as debian

        artefact = debian.build(out, work / f"deb-{args.arch}", args.arch, args.keep_chroot)
    common.log(f"built {artefact} in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
