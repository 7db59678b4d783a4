"""CPython for a foreign architecture's build root (arm64), cross-compiled on the host.

Compiling CPython inside the arm64 root under qemu-user-static would take hours on our two
cores (every gcc run emulated); cross-compiled natively with Debian's ``gcc-aarch64-linux-gnu``
it takes as long as the amd64 build's native compile. The sysroot is bullseye's arm64 packages
(``SYSROOT_PACKAGES`` and what they depend on, fetched by the host's apt from the mirror and
unpacked with ``dpkg-deb -x``: nothing runs emulated): glibc 2.31 headers, start files and
libraries, the same OpenSSL, SQLite, libffi, zlib, bzip2, xz and libuuid the build root has.
Debian 12's cross gcc also searches its own ``/usr/aarch64-linux-gnu`` (glibc 2.36) *before*
a ``--sysroot``; the wrapper keeps it out (``-nostdinc`` with the sysroot's include folders,
``-B`` with its library folders first), and the bundle's GLIBC check proves it. The build Python is the host's Debian
``python3.11`` (a cross build needs the same minor version).

The result (``/opt/py``) is cached as a tarball under the work folder, keyed by the source's
SHA-256, the configure line, the compiler, the build Python and ``RECIPE``: a rebuild extracts
it into the build root in seconds. pip is
put in from ensurepip's bundled wheel (unpacked, as ``common.unpack_wheel`` does), so nothing
of this step runs emulated.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from recipe import common

TRIPLET = {"arm64": "aarch64-linux-gnu"}
GNU_BUILD = "x86_64-pc-linux-gnu"
PREFIX = "/opt/py"
# part of the cache key with the source, the compiler and the configure line: bump it when the
# wrapper, the sysroot's packages or the finishing steps change
RECIPE = "2"


def missing_tools(arch: str) -> list[str]:
    """The host tools the cross build needs that are missing (installers/ci.sh has none of
    them: arm64 is not in CI)."""
    triplet = TRIPLET[arch]
    wanted = [f"{triplet}-gcc", f"{triplet}-strip", "pkg-config"]
    missing = [tool for tool in wanted if shutil.which(tool) is None]
    return missing + ([] if build_python() else ["python3.11 (Debian's /usr/bin/python3.11)"])


def build_python() -> str | None:
    path = Path("/usr/bin/python3.11")
    return str(path) if path.exists() else shutil.which("python3.11")


SYSROOT_PACKAGES = [
    "libc6-dev",
    "libssl-dev",
    "libffi-dev",
    "zlib1g-dev",
    "libsqlite3-dev",
    "libbz2-dev",
    "liblzma-dev",
    "uuid-dev",
]


def install(root: Path, work: Path, arch: str, source: Path, pyver: str) -> None:
    """``root/opt/py``: CPython ``pyver`` for ``arch``, from the cache or cross-compiled."""
    cache = prepare(work, arch, source, pyver)
    if (root / PREFIX.lstrip("/")).exists():
        shutil.rmtree(root / PREFIX.lstrip("/"))
    with tarfile.open(cache) as tf:
        tf.extractall(root, filter="fully_trusted")


def prepare(work: Path, arch: str, source: Path, pyver: str) -> Path:
    """The cached tarball of ``/opt/py`` (built when missing); needs no root, so that the
    build can run it beside the emulated root's set-up."""
    missing = missing_tools(arch)
    if missing:
        raise SystemExit(
            "missing tools for the arm64 cross build: " + ", ".join(missing) + " (apt-get "
            "install gcc-aarch64-linux-gnu pkg-config python3.11; installers/README.md)"
        )
    cache = work / f"cpython-{pyver}-{arch}-{_cache_key(arch, source)}.tar"
    if cache.exists():
        common.log(f"CPython {pyver} for {arch} from the cache: {cache.name}")
        return cache
    for old in work.glob(f"cpython-{pyver}-{arch}-*.tar"):
        old.unlink()
    _build(sysroot(work, arch), work, arch, source, pyver, cache)
    return cache


def sysroot(work: Path, arch: str) -> Path:
    """bullseye's ``SYSROOT_PACKAGES`` for ``arch`` with their dependencies, unpacked."""
    from recipe import deb

    target, apt = work / "sysroot", work / "sysroot-apt"
    for folder in (target, apt):
        if folder.exists():
            shutil.rmtree(folder)
    for sub in ("lists/partial", "archives/partial", "preferences.d"):
        (apt / sub).mkdir(parents=True)
    (apt / "status").write_text("")
    (apt / "sources.list").write_text(deb.sources_list(arch))  # the build root's sources
    opts = [
        "-o", f"APT::Architecture={arch}", "-o", f"APT::Architectures={arch}",
        "-o", f"Dir::Etc::SourceList={apt / 'sources.list'}",
        "-o", "Dir::Etc::SourceParts=/nonexistent", "-o", "Dir::Etc::Preferences=/nonexistent",
        "-o", f"Dir::Etc::PreferencesParts={apt / 'preferences.d'}",
        "-o", f"Dir::State::Lists={apt / 'lists'}", "-o", f"Dir::State::status={apt / 'status'}",
        "-o", f"Dir::Cache={apt}", "-o", f"Dir::Cache::archives={apt / 'archives'}",
        "-o", "APT::Sandbox::User=root", "-o", "APT::Install-Recommends=false",
    ]  # fmt: skip
    common.run(["apt-get", *opts, "update", "-qq"])
    common.run(["apt-get", *opts, "install", "-y", "-qq", "--download-only", *SYSROOT_PACKAGES],
               stdout=subprocess.DEVNULL)  # fmt: skip
    debs = sorted((apt / "archives").glob("*.deb"))
    for package in debs:
        subprocess.run(["dpkg-deb", "-x", str(package), str(target)], check=True)
    # libffi.pc says -I/usr/include, but Debian's ffi.h is in the multiarch folder: CPython's
    # configure takes the former, setup.py finds no ffi.h there and skips _ctypes
    ffi_pc = target / "usr/lib" / TRIPLET[arch] / "pkgconfig/libffi.pc"
    text = ffi_pc.read_text()
    ffi_pc.write_text(
        text.replace(
            "includedir=${prefix}/include\n", f"includedir=${{prefix}}/include/{TRIPLET[arch]}\n"
        )
    )
    common.log(f"sysroot: {len(debs)} {arch} packages of {deb.SUITE} unpacked")
    return target


def _configure_args(arch: str, pyver: str) -> list[str]:
    triplet = TRIPLET[arch]
    return [
        f"--build={GNU_BUILD}",
        f"--host={triplet}",
        f"--prefix={PREFIX}",
        "--enable-shared",
        f"--with-build-python={build_python()}",
        "--with-ensurepip=no",
        "--disable-test-modules",
        f"CC={triplet}-gcc",
        f"LDFLAGS=-Wl,-rpath,{PREFIX}/lib",
        # what a cross build cannot probe by running a program: the target's device files,
        # and glibc 2.31's getaddrinfo (not the buggy one configure guards against)
        "ac_cv_file__dev_ptmx=yes",
        "ac_cv_file__dev_ptc=no",
        "ac_cv_buggy_getaddrinfo=no",
    ]


def _cache_key(arch: str, source: Path) -> str:
    compiler = subprocess.run(
        [f"{TRIPLET[arch]}-gcc", "--version"], capture_output=True, text=True, check=True
    ).stdout.splitlines()[0]
    build_py = subprocess.run(
        [build_python() or "python3.11", "-c", "import sys; print(sys.version)"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    parts = [common.sha256(source), compiler, build_py, *_configure_args(arch, "")]
    parts.append(RECIPE)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def _wrapper(root: Path, folder: Path, arch: str, src: Path) -> Path:
    """``<triplet>-gcc`` that compiles and links against the root only (see the module's
    docstring); its name, not its path, goes into the target's sysconfig data. The source
    tree's and the sysroot's paths are mapped (``-ffile-prefix-map``) to where the amd64
    build has them, so that no work-folder path ends up in the binaries."""
    triplet = TRIPLET[arch]
    real = shutil.which(f"{triplet}-gcc")
    gcc_dirs = sorted(Path(f"/usr/lib/gcc-cross/{triplet}").glob("*/include"))
    if not real or not gcc_dirs:
        raise SystemExit(f"{triplet}-gcc or its include folder is missing")
    r = str(root)
    flags = [
        f"--sysroot={r}",
        f"-ffile-prefix-map={src}=/tmp/cpython",
        f"-ffile-prefix-map={r}/=/",
        "-nostdinc",
        "-isystem", str(gcc_dirs[-1]),
        "-isystem", f"{r}/usr/local/include",
        "-isystem", f"{r}/usr/include/{triplet}",
        "-isystem", f"{r}/usr/include",
        f"-B{r}/usr/lib/{triplet}/",
        f"-B{r}/lib/{triplet}/",
        f"-L{r}/usr/lib/{triplet}",
        f"-L{r}/lib/{triplet}",
    ]  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / f"{triplet}-gcc"
    quoted = " ".join(f"'{f}'" for f in flags)
    script.write_text(f'#!/bin/sh\nexec {real} {quoted} "$@"\n')
    script.chmod(0o755)
    return folder


def _relative_links(root: Path, triplet: str) -> None:
    """Absolute symbolic links in the root's library folders (``libz.so ->
    /lib/aarch64-linux-gnu/libz.so.1.2.11``) made relative: from the host they would point
    into the host's own folders. The same files, so the root is as it was for its own tools."""
    for folder in (root / "usr/lib" / triplet, root / "lib" / triplet):
        if not folder.is_dir() or folder.is_symlink():
            continue
        for link in folder.iterdir():
            if link.is_symlink() and os.readlink(link).startswith("/"):
                target = root / os.readlink(link).lstrip("/")
                link.unlink()
                link.symlink_to(os.path.relpath(target, link.parent))


def _build(root: Path, work: Path, arch: str, source: Path, pyver: str, cache: Path) -> None:
    tree, stage = work / "cpython-cross", work / "cpython-stage"
    for folder in (tree, stage):
        if folder.exists():
            shutil.rmtree(folder)
    tree.mkdir(parents=True)
    with tarfile.open(source) as tf:
        tf.extractall(tree, filter="data")
    (src,) = [p for p in tree.iterdir() if p.is_dir()]
    _relative_links(root, TRIPLET[arch])
    env = _env(root, _wrapper(root, work / "cross-bin", arch, src), arch)
    jobs = str(os.cpu_count() or 2)
    steps = [
        ("configure", ["./configure", "-q", *_configure_args(arch, pyver)]),
        ("make", ["make", "-s", f"-j{jobs}"]),
        ("install", ["make", "-s", "altinstall", f"DESTDIR={stage}"]),
    ]
    _run_steps(src, env, steps, work / "cpython-cross-logs", f"{pyver} ({arch})")
    _pack(stage, src, root, arch, pyver, cache)
    shutil.rmtree(tree)


def _env(root: Path, bin_dir: Path, arch: str) -> dict[str, str]:
    triplet = TRIPLET[arch]
    return {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "PKG_CONFIG_LIBDIR": f"{root}/usr/lib/{triplet}/pkgconfig:{root}/usr/share/pkgconfig",
        "PKG_CONFIG_SYSROOT_DIR": str(root),
        "SOURCE_DATE_EPOCH": str(common.source_date_epoch()),
        "LC_ALL": "C.UTF-8",
    }


def _run_steps(src: Path, env: dict, steps: list[tuple[str, list[str]]], logs: Path, what: str):
    logs.mkdir(exist_ok=True)
    for name, cmd in steps:
        common.log(f"cross CPython {what}: {name}")
        with (logs / f"{name}.log").open("w") as fh:
            result = subprocess.run(cmd, cwd=src, env=env, stdout=fh, stderr=subprocess.STDOUT)
        if result.returncode:
            tail = (logs / f"{name}.log").read_text(errors="replace")[-4000:]
            raise SystemExit(f"cross CPython {name} failed:\n{tail}")


def _pack(stage: Path, src: Path, root: Path, arch: str, pyver: str, cache: Path) -> None:
    prefix = stage / PREFIX.lstrip("/")
    _finish(prefix, src, root, arch, pyver)
    _check_modules(prefix, root, pyver)
    with tarfile.open(cache, "w") as tf:
        tf.add(prefix, arcname=PREFIX.lstrip("/"), filter=_normalise)
    shutil.rmtree(stage)
    common.log(f"cross CPython cached: {cache.name} ({common.human_size(cache.stat().st_size)})")


NEEDED = ("_ssl", "_hashlib", "_sqlite3", "_ctypes", "zlib", "_bz2", "_lzma", "_uuid", "_decimal")


def _check_modules(prefix: Path, root: Path, pyver: str) -> None:
    """The extension modules the bundle needs were built, and import: the new Python is run
    once under qemu-user-static with the sysroot as its library root (a module built without
    its library, as _ctypes without libffi, builds but fails here)."""
    dynload = prefix / f"lib/python{pyver}/lib-dynload"
    built = {p.name.split(".")[0] for p in dynload.glob("*.so")}
    missing = [m for m in NEEDED if m not in built]
    if missing:
        raise SystemExit(f"the cross-built CPython lacks {', '.join(missing)}")
    env = {
        "QEMU_LD_PREFIX": str(root),
        "LD_LIBRARY_PATH": str(prefix / "lib"),
        "PYTHONHOME": str(prefix),
        "PATH": os.environ["PATH"],
    }
    code = "import " + ", ".join(NEEDED) + ", ctypes, sys; ctypes.CDLL(None); print(sys.version)"
    result = subprocess.run(
        [str(prefix / f"bin/python{pyver}"), "-c", code], env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"the cross-built CPython fails to import its modules:\n{result.stderr}")
    common.log(f"cross CPython runs under qemu: {result.stdout.strip()}")


def _finish(prefix: Path, src: Path, root: Path, arch: str, pyver: str) -> None:
    """Strip, the ``python3`` link, pip from ensurepip's wheel, and the target's sysconfig as
    the root sees it: its own ``gcc`` (not the host's cross wrapper), its own folders (not the
    sysroot's path here), the source tree where the amd64 build has it (the bundle carries
    the sysconfig data: the same commit must give the same files in any work folder)."""
    triplet = TRIPLET[arch]
    strip = f"{triplet}-strip"
    lib = prefix / "lib"
    targets = [
        lib / f"libpython{pyver}.so.1.0",
        *sorted((lib / f"python{pyver}/lib-dynload").glob("*.so")),
    ]
    common.run([strip, "--strip-unneeded", *targets])
    (prefix / "bin/python3").unlink(missing_ok=True)
    (prefix / "bin/python3").symlink_to(f"python{pyver}")
    (pip_wheel,) = sorted((src / "Lib/ensurepip/_bundled").glob("pip-*.whl"))
    common.unpack_wheel(pip_wheel, lib / f"python{pyver}/site-packages")
    for path in [*lib.glob(f"python{pyver}/_sysconfigdata_*.py"),
                 *lib.glob(f"python{pyver}/config-{pyver}-*/Makefile"),
                 prefix / f"bin/python{pyver}-config"]:  # fmt: skip
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            text = text.replace(f"{triplet}-gcc", "gcc").replace(str(root), "")
            path.write_text(text.replace(str(src), "/tmp/cpython"), encoding="utf-8")
            for stale in path.parent.glob(f"__pycache__/{path.stem}.*.pyc"):
                stale.unlink()  # compiled before the rewrite, with the paths
    for cache in prefix.rglob("__pycache__"):
        if "site-packages" in cache.parts:
            shutil.rmtree(cache)


def _normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    info.mtime = common.source_date_epoch()
    return info
