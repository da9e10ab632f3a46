#!/usr/bin/env bash
# Set up yeji-analysis in ./.venv on a fresh Debian machine with Python 3.11.
#   bash scripts/setup.sh          the package, its notebooks' kernel and a CJK font for the charts
#   bash scripts/setup.sh --test   the same plus the test tools (pytest, hypothesis, chromium, pdftotext)
# System packages (a CJK font, python3-venv, Pango for the PDF step, chromium for the browser tests and
# poppler-utils' pdftotext for the PDF tests) are installed with apt-get
# when run as root; otherwise the script says what to install and carries on.
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

PY=${PYTHON:-}
if [ -z "$PY" ]; then
  for c in python3.11 python3; do command -v "$c" >/dev/null 2>&1 && { PY=$c; break; }; done
fi
[ -n "$PY" ] || { echo "setup: Python 3.11 not found (apt-get install python3 python3-venv)" >&2; exit 1; }

apt_pkgs=()
"$PY" -c "import ensurepip, venv" 2>/dev/null || apt_pkgs+=(python3-venv)
# a CJK font for the charts (looked for as files: fontconfig's fc-list may not be installed)
find /usr/share/fonts /usr/local/share/fonts "$HOME/.local/share/fonts" "$HOME/.fonts" -iregex \
  '.*\(notosanscjk\|sourcehansans\|wqy\|simhei\|msyh\|pingfang\).*' -print -quit 2>/dev/null | grep -q . \
  || apt_pkgs+=(fonts-noto-cjk)
# Pango and HarfBuzz's subsetter: WeasyPrint lays out the PDF copies of reports and plans with them
libs=$(PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null || true)
for lib in libpango-1.0-0:libpango-1.0.so.0 libpangoft2-1.0-0:libpangoft2-1.0.so.0 \
           libharfbuzz-subset0:libharfbuzz-subset.so.0; do
  case "$libs" in *"${lib#*:}"*) ;; *) apt_pkgs+=("${lib%%:*}") ;; esac
done
if [ "$want_test" = 1 ] && ! command -v chromium >/dev/null 2>&1; then apt_pkgs+=(chromium); fi
if [ "$want_test" = 1 ] && ! command -v pdftotext >/dev/null 2>&1; then apt_pkgs+=(poppler-utils); fi
if [ "${#apt_pkgs[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get install ${apt_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${apt_pkgs[@]}" >/dev/null
  else
    echo "setup: please install with your package manager: ${apt_pkgs[*]} (charts need a CJK font, PDFs Pango)" >&2
  fi
fi

[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
if [ "$want_test" = 1 ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
else
  .venv/bin/python -m pip install -q --disable-pip-version-check -e .
fi
# the kernel papermill runs the notebooks with: this environment's Python
.venv/bin/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3" >/dev/null
echo "setup: ready (.venv)"
