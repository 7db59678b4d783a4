#!/bin/bash
# Runs inside the Debian bullseye build root (glibc 2.31), started by installers/recipe/deb.py:
#   1. CPython $PYVER from source (bullseye's own Python is 3.9; the project needs >= 3.11, reportlab
#      5 >= 3.10): configure --enable-shared, no PGO/LTO, into /opt/py;
#   2. the application's wheel with its dependencies (constraints-linux.txt) and PyInstaller;
#   3. the PyInstaller onedir bundle (station-desk.spec) into /work/bundle.
# /work holds: Python-*.tar.xz (amd64; arm64's CPython is cross-compiled on the host and already
# in /opt/py), the app wheel, constraints, the spec, the staged sources, for arm64 a wheelhouse.
set -euo pipefail
export LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_CERT=/etc/ssl/certs/host-ca-certificates.crt SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:?}"
PYVER="${PYVER:?}"  # 3.13 (amd64) or 3.11 (arm64), see recipe/deb.py
cd /work
jobs=$(nproc)

if [ ! -x /opt/py/bin/python3 ]; then
  t0=$(date +%s)
  rm -rf /tmp/cpython && mkdir -p /tmp/cpython
  tar -xf /work/python.orig.tar -C /tmp/cpython --strip-components=1
  cd /tmp/cpython
  ./configure -q --prefix=/opt/py --enable-shared --with-ensurepip=install \
    --disable-test-modules LDFLAGS="-Wl,-rpath,/opt/py/lib" > /work/cpython-configure.log
  make -s -j"$jobs" > /work/cpython-make.log 2>&1 || { tail -40 /work/cpython-make.log; exit 1; }
  make -s altinstall > /work/cpython-install.log 2>&1 || { tail -40 /work/cpython-install.log; exit 1; }
  ln -sf "python$PYVER" /opt/py/bin/python3
  # no debug symbols in what ships (libpython alone is 39 MB with them, 6 MB without)
  strip --strip-unneeded "/opt/py/lib/libpython$PYVER.so.1.0" "/opt/py/lib/python$PYVER/lib-dynload/"*.so
  cd /work && rm -rf /tmp/cpython
  echo "[chroot] CPython built in $(( $(date +%s) - t0 )) s"
fi
/opt/py/bin/python3 -c "import ssl, sqlite3, lzma, bz2, ctypes, zlib, uuid; print('[chroot] Python', __import__('sys').version.split()[0], 'SQLite', sqlite3.sqlite_version)"

t0=$(date +%s)
# a foreign root (arm64) gets its wheels from the host's pip (recipe/deb.py _download_wheels)
offline=()
[ -d /work/wheelhouse ] && offline=(--no-index --find-links /work/wheelhouse)
/opt/py/bin/python3 -m pip install -q --no-warn-script-location "${offline[@]}" \
  -c /work/constraints-linux.txt "$(ls /work/wheels/station_desk-*.whl)[postgres]" pyinstaller
echo "[chroot] wheels installed in $(( $(date +%s) - t0 )) s"

t0=$(date +%s)
rm -rf /work/bundle /work/pyi-build
/opt/py/bin/python3 -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath /work/bundle --workpath /work/pyi-build /work/station-desk.spec
echo "[chroot] PyInstaller bundle in $(( $(date +%s) - t0 )) s"
# Debian's rule (lintian): no debug symbols in shared objects. The two executables are left
# alone: PyInstaller appends its archive to them, which strip would cut off.
find /work/bundle -type f \( -name '*.so' -o -name '*.so.*' \) -exec strip --strip-unneeded {} +
