#!/usr/bin/env bash
# The installer stage of CI (.ci/run calls it after the test suite; it also runs alone):
# installs the tools, builds the Windows setup.exe and tests it under wine64 + Xvfb, builds the
# UOS-layout .deb in a bullseye root and tests it in a clean one. Artefacts, .sha256 sums, file
# manifests and the timings (installers-ci.json) go to dist/. Needs root (debootstrap, chroot).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONUNBUFFERED=1
start=$(date +%s)
step() { echo "[installers $(( $(date +%s) - start ))s] $*"; }

TOOLS="locales wine64 nsis osslsigncode debootstrap lintian desktop-file-utils xvfb xauth binutils
  gcc-mingw-w64-x86-64-win32 dpkg-dev patchelf"
missing=""
for p in $TOOLS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  step "apt-get install:$missing"
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# The application runs under Wine as on a Chinese Windows (zh_CN): without that locale generated,
# Wine cannot map a Chinese file name to the Unix side (ENOENT for 公示.xlsx), which Windows
# itself never does.
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  step "generate the zh_CN.UTF-8 locale"
  sed -i 's/^# *zh_CN.UTF-8 UTF-8/zh_CN.UTF-8 UTF-8/' /etc/locale.gen
  grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' >> /etc/locale.gen
  locale-gen >/dev/null
fi
[ -x .venv/bin/python ] || python3 scripts/dev.py test -k nothing_matches_this >/dev/null 2>&1 || true
PY=.venv/bin/python
mkdir -p dist
rm -f dist/*.exe dist/*.deb dist/*.sha256 dist/*.files.txt

# The .deb's build (mostly CPython compiling in the bullseye root) overlaps the Windows stage,
# whose Wine steps mostly wait; its log is shown when it is done.
step "build the .deb (amd64) in the background: build/installers/deb-build.log"
mkdir -p build/installers
t_deb=$(date +%s)
setsid $PY installers/build.py deb --arch amd64 > build/installers/deb-build.log 2>&1 &
deb_pid=$!
# if the Windows stage fails, stop the .deb build too (its own process group; it unmounts)
trap 'kill -TERM -- "-$deb_pid" 2>/dev/null || true' EXIT

step "build the Windows installer"
failed=""
t=$(date +%s); $PY installers/build.py windows || failed="$failed windows-build"
win_build=$(( $(date +%s) - t )); win_test=0
if [ -z "$failed" ]; then
  setup=$(ls dist/StationDesk-*-win-amd64-setup.exe)
  step "test it under wine64"
  t=$(date +%s)
  $PY installers/test_windows.py "$setup" --results dist/windows-test.json || failed="$failed windows-test"
  win_test=$(( $(date +%s) - t ))
fi

step "wait for the .deb build"
deb_rc=0; wait "$deb_pid" || deb_rc=$?
trap - EXIT
grep -v "is ignored: it is neither a file nor a directory" build/installers/deb-build.log
deb_build=$(( $(date +%s) - t_deb ))
deb_test=0
if [ "$deb_rc" -ne 0 ]; then
  failed="$failed deb-build"
else
  package=$(ls dist/*_amd64.deb)
  step "test it in a clean bullseye root"
  t=$(date +%s)
  $PY installers/test_deb.py "$package" --results dist/deb-test.json || failed="$failed deb-test"
  deb_test=$(( $(date +%s) - t ))
fi

(cd dist && sha256sum -c ./*.sha256) || failed="$failed sums"
cat > dist/installers-ci.json <<EOF
{"windows_build_s": $win_build, "windows_test_s": $win_test,
 "deb_build_s_overlapping_windows": $deb_build, "deb_test_s": $deb_test,
 "total_s": $(( $(date +%s) - start ))}
EOF
cat dist/installers-ci.json
ls -l dist/*.exe dist/*.deb 2>/dev/null || true
if [ -n "$failed" ]; then step "FAILED:$failed"; exit 1; fi
step "both installers built and tested"
