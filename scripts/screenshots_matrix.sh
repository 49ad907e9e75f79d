#!/usr/bin/env bash
# Every screenshot issue 8 asks for: 1366×768 at 100 % and 125 %, 1920×1080, Dutch, English
# and a dark palette. Usage: scripts/screenshots_matrix.sh /tmp/shots [database]
set -euo pipefail
out=${1:-/tmp/otb-shots}
db=${2:-/tmp/otb-shots.sqlite}
python=${PYTHON:-.venv/bin/python}
shoot() {  # name screen scale language [--dark]
    local name=$1 screen=$2 scale=$3 language=$4; shift 4
    QT_SCALE_FACTOR=$scale QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 ${screen}x24" \
        "$python" scripts/screenshots.py --db "$db" --language "$language" "$@" "$out/$name"
}
shoot 1366-100-nl 1366x768 1 nl
shoot 1366-125-nl 1366x768 1.25 nl
shoot 1920-100-nl 1920x1080 1 nl
shoot 1366-100-en 1366x768 1 en
shoot 1366-100-dark 1366x768 1 nl --dark
shoot 1366-150-nl 1366x768 1.5 nl
