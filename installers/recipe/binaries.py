"""What the build checks in binaries: the DLLs a Windows module imports (to keep only the Qt
the application uses) and the newest GLIBC symbol version each ELF file needs."""

from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path

# --- PE (Windows) ----------------------------------------------------------------------------


def pe_imports(path: Path) -> list[str]:
    """Names of the DLLs in a PE file's import table (lower case); [] when it has none."""
    data = path.read_bytes()
    if data[:2] != b"MZ":
        return []
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe : pe + 4] != b"PE\0\0":
        return []
    sections_count = struct.unpack_from("<H", data, pe + 6)[0]
    opt_size = struct.unpack_from("<H", data, pe + 20)[0]
    opt = pe + 24
    magic = struct.unpack_from("<H", data, opt)[0]
    dirs = opt + (112 if magic == 0x20B else 96)  # PE32+ or PE32
    import_rva = struct.unpack_from("<I", data, dirs + 8)[0]
    if not import_rva:
        return []
    sections = []
    for i in range(sections_count):
        off = opt + opt_size + 40 * i
        vsize, vaddr, rsize, raw = struct.unpack_from("<IIII", data, off + 8)
        sections.append((vaddr, max(vsize, rsize), raw))

    def to_offset(rva: int) -> int:
        for vaddr, size, raw in sections:
            if vaddr <= rva < vaddr + size:
                return rva - vaddr + raw
        raise ValueError(f"RVA {rva:#x} outside the sections of {path}")

    names, off = [], to_offset(import_rva)
    while True:
        fields = struct.unpack_from("<IIIII", data, off)
        if not any(fields):
            break
        name_off = to_offset(fields[3])
        names.append(data[name_off : data.index(b"\0", name_off)].decode("ascii").lower())
        off += 20
    return names


def dll_closure(roots: list[Path], folder: Path) -> set[str]:
    """Lower-case names of the DLLs in ``folder`` that ``roots`` need, directly or not."""
    present = {p.name.lower(): p for p in folder.glob("*.dll")}
    needed: set[str] = set()
    todo = list(roots)
    while todo:
        for name in pe_imports(todo.pop()):
            if name in present and name not in needed:
                needed.add(name)
                todo.append(present[name])
    return needed


# --- ELF (Linux) -----------------------------------------------------------------------------

_GLIBC = re.compile(r"\bGLIBC_([0-9]+(?:\.[0-9]+)+)\b")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def glibc_needs(path: Path) -> list[tuple[int, ...]]:
    """The GLIBC_x.y versions an ELF file requires (from ``readelf -V``: .gnu.version_r)."""
    out = subprocess.run(
        ["readelf", "-V", "-W", str(path)], capture_output=True, text=True, check=True
    ).stdout
    parts = out.split("Version needs section", 1)
    if len(parts) < 2:
        return []
    needs = re.split(r"\nVersion (?:definition|symbols) section", parts[1], maxsplit=1)[0]
    found = _GLIBC.findall(needs)
    return sorted({tuple(int(n) for n in v.split(".")) for v in found})


def glibc_violations(root: Path, limit: tuple[int, ...]) -> list[str]:
    """``file: GLIBC_x.y`` for every ELF under ``root`` that needs a GLIBC newer than ``limit``."""
    problems = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
        if not is_elf(path):
            continue
        newer = [v for v in glibc_needs(path) if v > limit]
        if newer:
            worst = ".".join(map(str, newer[-1]))
            problems.append(f"{path.relative_to(root)}: GLIBC_{worst}")
    return problems
