"""The UOS-layout .deb (FIELDWORK §8): a PyInstaller onedir bundle built in a Debian bullseye
root (glibc 2.31, the newest UOS V20 / Kylin V10 have; a bundle built on Debian 12 needs 2.36),
checked for newer GLIBC symbols, laid out under ``/opt/apps/<appid>/`` with the desktop file and
icon also under ``/usr/share`` (Kylin and plain Debian read menus only there), packed with
``dpkg-deb --root-owner-group -Zxz`` (UOS's dpkg predates zstd) and checked with
``desktop-file-validate`` and ``lintian``. No maintainer scripts.

bullseye's Python is 3.9 (reportlab 5 needs 3.10, the project 3.11): CPython 3.13 is built
from source in the root, from Debian trixie's ``python3.13`` source package (the upstream
tarball, pinned by SHA-256). arm64 runs the same recipe in an arm64 root under
qemu-user-static, but its CPython (3.11, for PySide6 6.8.0) is cross-compiled on the host with
the root as sysroot (``recipe/crosspython.py``): only pip and PyInstaller run emulated.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import tarfile
import textwrap
from pathlib import Path

from recipe import binaries, common, crosspython, icon

SUITE = "bullseye"
MIRROR = "http://deb.debian.org/debian"
GLIBC_LIMIT = (2, 31)
# CPython from Debian source packages: (package, suite, upstream tarball, its SHA-256).
# arm64 stays on 3.11: the newest PySide6 whose aarch64 wheels need only glibc 2.31 is 6.8.0,
# which supports Python up to 3.12 (linux/constraints-linux-arm64.txt).
PY_SOURCES = {
    "amd64": (
        "python3.13", "trixie", "python3.13_3.13.5.orig.tar.xz",
        "93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640",
    ),
    "arm64": (
        "python3.11", "bookworm", "python3.11_3.11.2.orig.tar.gz",
        "2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849",
    ),
}  # fmt: skip
LINUX = common.INSTALLERS / "linux"
QEMU = {"arm64": "/usr/bin/qemu-aarch64-static"}
NO_SECURITY_POOL = {"arm64"}  # see sources_list()
BUILD_DEPS = [
    "build-essential",
    "libssl-dev",
    "libffi-dev",
    "zlib1g-dev",
    "libsqlite3-dev",
    "libbz2-dev",
    "liblzma-dev",
    "uuid-dev",
    "ca-certificates",
    "binutils",
]
# the arm64 root compiles nothing (its CPython is cross-compiled on the host): only the
# libraries' headers for that sysroot, binutils for strip; no build-essential, which would take
# a quarter of an hour to unpack under emulation
CROSS_ROOT_DEPS = [p for p in BUILD_DEPS if p != "build-essential"] + ["libc6-dev"]
# what Qt (xcb platform, CUPS printing) needs from the system (the same list as .ci/run's); PyInstaller
# bundles what it finds of them, the package depends on all
QT_SYSTEM_LIBS = [
    "libglib2.0-0",
    "libegl1",
    "libgl1",
    "libx11-6",
    "libx11-xcb1",
    "libdbus-1-3",
    "libfontconfig1",
    "libfreetype6",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxcb-xinerama0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxrender1",
    "libcups2",  # Qt's CUPS print support: printing agreements is the point of the program
]


def build(out: Path, work: Path, arch: str, keep_chroot: bool = False) -> Path:
    for tool in (
        "debootstrap",
        "dpkg-deb",
        "lintian",
        "desktop-file-validate",
        "readelf",
        "patchelf",
    ):
        if shutil.which(tool) is None:
            raise SystemExit(f"missing tool: {tool} (installers/ci.sh installs it)")
    require_emulation(arch)
    work.mkdir(parents=True, exist_ok=True)
    base = base_root(work, arch, keep=keep_chroot)
    root = work / "root"
    pyver = PY_SOURCES[arch][0].removeprefix("python")
    if not (keep_chroot and (root / "opt/py/bin/python3").exists()):
        _fresh_root(base, root, arch)
        cross = arch in crosspython.TRIPLET
        _chroot_apt(root, (CROSS_ROOT_DEPS if cross else BUILD_DEPS) + QT_SYSTEM_LIBS)
        if cross:  # cross-compiled on the host (or cached), not emulated
            crosspython.install(root, work, arch, python_source(work, arch), pyver)
    _prepare_work(root / "work", work, arch)
    env = {"SOURCE_DATE_EPOCH": str(common.source_date_epoch()), "PYVER": pyver}
    with mounted(root):
        chroot(root, ["/bin/bash", "/work/build-in-chroot.sh"], env=env)
    bundle = root / "work" / "bundle" / "station-desk"
    problems = binaries.glibc_violations(bundle, GLIBC_LIMIT)
    if problems:
        raise SystemExit("ELF files need a GLIBC newer than 2.31:\n  " + "\n  ".join(problems[:50]))
    common.log(f"GLIBC check: no ELF in the bundle needs more than GLIBC_2.31 ({arch})")
    return _package(bundle, work / "pkg", out, arch)


def require_emulation(arch: str) -> None:
    """A foreign root's programs (apt, dpkg, pip, PyInstaller, the tested package) run through
    qemu-user-static's binfmt_misc handler; stop with the remedy when it is not registered."""
    if arch == "amd64":
        return
    handler = Path("/proc/sys/fs/binfmt_misc") / Path(QEMU[arch]).name.removesuffix("-static")
    if (
        not Path(QEMU[arch]).exists()
        or not handler.exists()
        or "enabled" not in handler.read_text()
    ):
        raise SystemExit(
            f"{arch}: no qemu-user-static binfmt_misc handler ({handler}). As root: apt-get install "
            "qemu-user-static binfmt-support; mount -t binfmt_misc binfmt_misc "
            f"/proc/sys/fs/binfmt_misc; update-binfmts --enable {handler.name}"
        )


# --- roots -----------------------------------------------------------------------------------


def base_root(work: Path, arch: str, *, keep: bool = False) -> Path:
    """A minimal bullseye root as a tarball (debootstrap once; the build and test roots are
    fresh copies of it, so the test installs into a root that has never seen a build)."""
    tar = work / f"{SUITE}-{arch}-base.tar"
    if keep and tar.exists():
        return tar
    target = work / "debootstrap"
    _remove_root(target)
    cmd = ["debootstrap", "--variant=minbase", f"--arch={arch}"]
    if arch != "amd64":
        cmd.append("--foreign")
    common.run([*cmd, SUITE, target, MIRROR], stdout=subprocess.DEVNULL)
    if arch != "amd64":
        shutil.copy2(QEMU[arch], target / "usr/bin")
        common.run(["chroot", target, "/debootstrap/debootstrap", "--second-stage"])
    (target / "etc/apt/sources.list").write_text(sources_list(arch))
    with tarfile.open(tar, "w") as tf:
        tf.add(target, arcname=".")
    _remove_root(target)
    return tar


def sources_list(arch: str) -> str:
    """bullseye, its point-release updates and, where the mirror carries them, security updates.
    The mirror this machine reaches has ``bullseye-security``'s arm64 index but not its arm64
    pool (every .deb answers 404): the arm64 roots get bullseye's last point release only."""
    lines = [f"deb {MIRROR} {SUITE} main", f"deb {MIRROR} {SUITE}-updates main"]
    if arch not in NO_SECURITY_POOL:
        lines.append(f"deb http://deb.debian.org/debian-security {SUITE}-security main")
    return "\n".join(lines) + "\n"


def _fresh_root(base_tar: Path, root: Path, arch: str = "amd64") -> None:
    _remove_root(root)
    root.mkdir(parents=True)
    with tarfile.open(base_tar) as tf:
        tf.extractall(root, filter="fully_trusted")
    host_ca = Path("/etc/ssl/certs/ca-certificates.crt")
    (root / "etc/ssl/certs").mkdir(parents=True, exist_ok=True)
    shutil.copy2(host_ca, root / "etc/ssl/certs/host-ca-certificates.crt")  # pip's PIP_CERT
    shutil.copy2("/etc/resolv.conf", root / "etc/resolv.conf")
    (root / "etc/apt/sources.list").write_text(sources_list(arch))


def fresh_root(base_tar: Path, root: Path, arch: str = "amd64") -> None:
    _fresh_root(base_tar, root, arch)


def _remove_root(root: Path) -> None:
    if root.exists():
        _umount_all(root)
        shutil.rmtree(root)


class mounted:
    """/proc and /dev inside a root for the duration of a ``with`` block."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __enter__(self) -> mounted:
        for fs in ("proc", "dev"):
            (self.root / fs).mkdir(exist_ok=True)
        subprocess.run(["mount", "-t", "proc", "proc", self.root / "proc"], check=True)
        subprocess.run(["mount", "--rbind", "/dev", self.root / "dev"], check=True)
        return self

    def __exit__(self, *exc) -> None:
        _umount_all(self.root)


def _umount_all(root: Path) -> None:
    for fs in ("dev", "proc"):
        path = root / fs
        if os.path.ismount(path):
            subprocess.run(["umount", "-R", "-l", path], check=False)


def chroot(root: Path, cmd: list[str], env: dict[str, str] | None = None, **kwargs):
    environ = {
        "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": "/root",
        "LC_ALL": "C.UTF-8",
        "DEBIAN_FRONTEND": "noninteractive",
        **(env or {}),
    }
    return common.run(["chroot", root, *cmd], env=environ, **kwargs)


def _chroot_apt(root: Path, packages: list[str]) -> None:
    with mounted(root):
        chroot(root, ["apt-get", "update", "-qq"])
        chroot(
            root,
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
            stdout=subprocess.DEVNULL,
        )
        chroot(root, ["apt-get", "clean"])


def _prepare_work(target: Path, work: Path, arch: str) -> None:
    """What the root's build needs in /work: sources, wheel, CPython's source, the spec."""
    target.mkdir(parents=True, exist_ok=True)
    src = common.stage_sources(target / "src", "linux-pyinstaller")
    common.build_wheel(src, target / "wheels")
    for name in ("build-in-chroot.sh", "station-desk.spec"):
        shutil.copy2(LINUX / name, target / name)
    constraints = LINUX / f"constraints-linux-{arch}.txt"
    if not constraints.exists():
        constraints = LINUX / "constraints-linux.txt"
    shutil.copy2(constraints, target / "constraints-linux.txt")
    if arch not in crosspython.TRIPLET:  # compiled in the root (amd64)
        shutil.copy2(python_source(work, arch), target / "python.orig.tar")
    else:
        _download_wheels(target, constraints, arch)


def _download_wheels(target: Path, constraints: Path, arch: str) -> None:
    """A foreign root's wheels, fetched by the host's pip into /work/wheelhouse (the root's
    pip then installs with ``--no-index``): resolving against the index and downloading
    ~250 MB through an emulated Python and TLS took 20 minutes here. Only manylinux tags up
    to glibc 2.31 are accepted, so a wheel needing more is refused before anything is built."""
    pyver = PY_SOURCES[arch][0].removeprefix("python")
    tag = "cp" + pyver.replace(".", "")
    machine = {"arm64": "aarch64"}[arch]
    platforms = [f"manylinux_2_{minor}_{machine}" for minor in range(GLIBC_LIMIT[1], 16, -1)]
    platforms.append(f"manylinux2014_{machine}")
    house = target / "wheelhouse"
    if house.exists():
        shutil.rmtree(house)
    (app_wheel,) = (target / "wheels").glob("station_desk-*.whl")
    common.pip(
        "download", "-q", "--only-binary=:all:",
        *[arg for p in platforms for arg in ("--platform", p)],
        "--python-version", pyver, "--implementation", "cp",
        "--abi", tag, "--abi", "abi3", "--abi", "none",
        "-c", str(constraints), "-d", str(house), f"{app_wheel}[postgres]", "pyinstaller",
    )  # fmt: skip


def python_source(work: Path, arch: str = "amd64") -> Path:
    """CPython's upstream tarball from Debian's source package, fetched with apt-get source
    (signatures checked by apt) and pinned by SHA-256."""
    package, suite, name, digest = PY_SOURCES[arch]
    folder = work / "python-source"
    orig = folder / name
    if orig.exists() and common.sha256(orig) == digest:
        return orig
    apt = folder / "apt"
    (apt / "lists" / "partial").mkdir(parents=True, exist_ok=True)
    (apt / "sources.list").write_text(f"deb-src {MIRROR} {suite} main\n")
    opts = [
        "-o", f"Dir::Etc::SourceList={apt / 'sources.list'}",
        "-o", "Dir::Etc::SourceParts=/nonexistent",
        "-o", f"Dir::State::Lists={apt / 'lists'}",
        "-o", "APT::Sandbox::User=root",
    ]  # fmt: skip
    common.run(["apt-get", *opts, "update", "-qq"])
    common.run(["apt-get", *opts, "source", "--download-only", "-qq", package], cwd=folder)
    if common.sha256(orig) != digest:
        raise SystemExit(f"{name}: SHA-256 differs from the pinned {digest}")
    return orig


# --- the package -----------------------------------------------------------------------------


def _package(bundle: Path, pkg: Path, out: Path, arch: str) -> Path:
    version4, appid = common.version4(), common.APP_ID
    if pkg.exists():
        shutil.rmtree(pkg)
    app = pkg / "opt/apps" / appid
    shutil.copytree(bundle, app / "files", symlinks=True)
    for lib in (app / "files").rglob("*.so*"):  # Debian policy: shared objects are 0644
        if lib.is_file() and not lib.is_symlink() and binaries.is_elf(lib):
            lib.chmod(0o644)
            _drop_build_runpath(lib)
    (app / "info").write_text(_info_json(version4, arch), encoding="utf-8")
    desktop = _desktop_file(appid)
    for folder in (app / "entries/applications", pkg / "usr/share/applications"):
        folder.mkdir(parents=True)
        (folder / f"{appid}.desktop").write_text(desktop, encoding="utf-8")
    for folder in (
        app / "entries/icons/hicolor/scalable/apps",
        pkg / "usr/share/icons/hicolor/scalable/apps",
    ):
        icon.write_svg(folder / f"{appid}.svg")
    (pkg / "usr/bin").mkdir(parents=True)
    (pkg / "usr/bin/station-app").symlink_to(f"/opt/apps/{appid}/files/station-app")
    _docs(pkg, appid, version4)
    _control(pkg, appid, version4, arch)
    for path in (pkg / "usr/share/applications", app / "entries/applications"):
        common.run(["desktop-file-validate", path / f"{appid}.desktop"])
    common.set_mtimes(pkg, common.source_date_epoch())
    out.mkdir(parents=True, exist_ok=True)
    common.write_manifest(app / "files", out / f"{appid}_{version4}_{arch}.files.txt")
    target = out / f"{appid}_{version4}_{arch}.deb"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(common.source_date_epoch())}
    common.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", pkg, target], env=env)
    _lintian(target)
    common.write_sums(target)
    common.log(f"{target.name}: {common.human_size(target.stat().st_size)}")
    return target


def _drop_build_runpath(lib: Path) -> None:
    """CPython in the build root links its modules with RUNPATH /opt/py/lib (where it lives
    there); in the bundle the bootloader has loaded libpython already, and a path into the
    target's /opt/py must not be searched (lintian: custom-library-search-path)."""
    runpath = subprocess.run(
        ["patchelf", "--print-rpath", str(lib)], capture_output=True, text=True
    ).stdout.strip()
    if "/opt/py" in runpath:
        common.run(["patchelf", "--remove-rpath", lib], stdout=subprocess.DEVNULL)


def _info_json(version4: str, arch: str) -> str:
    info = {
        "appid": common.APP_ID,
        "name": common.TITLE,
        "version": version4,
        "arch": [arch],
        "permissions": {
            "autostart": False,
            "notification": False,
            "trayicon": False,
            "clipboard": True,
            "account": False,
            "bluetooth": False,
            "camera": False,
            "audio_record": False,
            "installed_apps": False,
        },
    }
    return json.dumps(info, ensure_ascii=False, indent=2) + "\n"


def _desktop_file(appid: str) -> str:
    return textwrap.dedent(
        f"""\
        [Desktop Entry]
        Type=Application
        Name=Station desk
        Name[zh_CN]={common.TITLE}
        GenericName=Market supervision station desk
        GenericName[zh_CN]=市场监管所工作台
        Comment=Grid roster, entities, complaints and mediation, lists, reports
        Comment[zh_CN]=网格名册、经营主体、投诉调解、红黑榜、报表
        Exec=/opt/apps/{appid}/files/station-desk
        Icon={appid}
        Terminal=false
        Categories=Office;
        Keywords=station;supervision;市场监管;投诉;调解;
        StartupNotify=true
        """
    )


def _docs(pkg: Path, appid: str, version4: str) -> None:
    doc = pkg / "usr/share/doc" / appid
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        (LINUX / "copyright").read_text(encoding="utf-8"), encoding="utf-8"
    )
    changelog = (
        f"{appid} ({version4}) unstable; urgency=medium\n\n"
        f"  * Built from commit {common.commit()}.\n\n"
        f" -- {common.PUBLISHER} <station-desk@stationdesk.cn>  "
        f"{_rfc2822(common.source_date_epoch())}\n"
    )
    _gzip(doc / "changelog.gz", changelog.encode())
    man = pkg / "usr/share/man/man1"
    man.mkdir(parents=True)
    _gzip(man / "station-app.1.gz", (LINUX / "station-app.1").read_bytes())


def _rfc2822(epoch: int) -> str:
    from email.utils import formatdate

    return formatdate(epoch, usegmt=False).replace("-0000", "+0000")


def _gzip(path: Path, data: bytes) -> None:
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)


def _control(pkg: Path, appid: str, version4: str, arch: str) -> None:
    size_kb = common.tree_size(pkg) // 1024
    depends = ", ".join(["libc6 (>= 2.28)", *QT_SYSTEM_LIBS])
    (pkg / "DEBIAN").mkdir()
    (pkg / "DEBIAN/control").write_text(
        textwrap.dedent(
            f"""\
            Package: {appid}
            Version: {version4}
            Architecture: {arch}
            Maintainer: {common.PUBLISHER} <station-desk@stationdesk.cn>
            Installed-Size: {size_kb}
            Depends: {depends}
            Section: utils
            Priority: optional
            Homepage: https://stationdesk.cn/
            Description: {common.TITLE} (Station desk)
             Desktop application for a grassroots market-supervision station: the grid
             roster, the register of business entities, complaints and mediation with
             printed agreements, red and black lists, patrols and reports to the county
             bureau. Embedded SQLite on one PC, or a shared PostgreSQL server.
             .
             Installed in the UOS layout under /opt/apps/{appid}; the command
             line is station-app. The data stays in ~/.local/share/StationDesk.
            """
        ),
        encoding="utf-8",
    )
    overrides = pkg / "usr/share/lintian/overrides"
    overrides.mkdir(parents=True)
    shutil.copy2(LINUX / "lintian-overrides", overrides / appid)
    sums = []
    for path in sorted(p for p in pkg.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(pkg).as_posix()
        if not rel.startswith("DEBIAN/"):
            import hashlib

            sums.append(f"{hashlib.md5(path.read_bytes()).hexdigest()}  {rel}")
    (pkg / "DEBIAN/md5sums").write_text("\n".join(sums) + "\n")


def _lintian(deb: Path) -> None:
    result = subprocess.run(
        ["lintian", "--fail-on", "error,warning", "--tag-display-limit", "0", str(deb)],
        capture_output=True,
        text=True,
    )
    report = (result.stdout + result.stderr).strip()
    if result.returncode:
        raise SystemExit(f"lintian failed for {deb.name}:\n{report[-6000:]}")
    common.log("lintian: clean" + (f" ({len(report.splitlines())} info lines)" if report else ""))
