#!/usr/bin/env bash
# Installs the system packages logtriage builds against (zlib, SQLite headers, pkg-config) and the sqlite3 shell
# (one end-to-end store test reads the database with it) when they are missing.
# Sourced by Scripts/test.sh and Scripts/analyze-samples.sh; prints the exact install line when it cannot install.
set -euo pipefail

missing=()
for pkg in zlib1g-dev libsqlite3-dev sqlite3 pkg-config; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "logtriage: installing system packages: ${missing[*]}" >&2
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "logtriage: missing system packages; install them with:" >&2
        echo "  sudo apt-get install -y ${missing[*]}" >&2
        exit 2
    fi
fi
if ! command -v swift >/dev/null 2>&1; then
    echo "logtriage: the Swift 6 toolchain is not on PATH (https://www.swift.org/install/linux/)" >&2
    exit 2
fi
# Optional: headless Chromium renders the HTML report to a PNG in one end-to-end test (skipped without it).
# Only with LOGTRIAGE_CHROMIUM=1, and never fatal (Debian's `chromium` package, about 100 MB with its libraries).
if [ "${LOGTRIAGE_CHROMIUM:-0}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium \
            >/dev/null) || echo "logtriage: chromium not installed; the report rendering test will be skipped" >&2
    else
        echo "logtriage: LOGTRIAGE_CHROMIUM=1 needs root to install chromium; the rendering test will be skipped" >&2
    fi
fi
