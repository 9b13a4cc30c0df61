#!/usr/bin/env bash
# The test command: installs missing system packages, then runs `swift test` (unit, rule-example and end-to-end tests)
# and, for a full run (no arguments), every fuzz target for 15 s (Scripts/fuzz.sh; skipped with a message when the
# toolchain has no libFuzzer runtime, or when LOGTRIAGE_FUZZ_SECONDS=0).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/ensure-deps.sh
swift test "$@"
if [ $# -eq 0 ] && [ "${LOGTRIAGE_FUZZ_SECONDS:-15}" != 0 ]; then
    bash Scripts/fuzz.sh "${LOGTRIAGE_FUZZ_SECONDS:-15}"
fi
