#!/usr/bin/env bash
# The test command: installs missing system packages, then runs `swift test` (unit, rule-example and end-to-end tests).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/ensure-deps.sh
exec swift test "$@"
