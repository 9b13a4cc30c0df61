#!/usr/bin/env bash
# The test command: installs missing system packages, runs `swift test` (unit, rule-example and end-to-end tests),
# then the contract check of the running service against its OpenAPI document (Scripts/contract-check.sh; skipped
# when python3 or schemathesis is not available, or with LOGTRIAGE_SKIP_CONTRACT=1) and, for a full run (no
# arguments), every fuzz target for 15 s (Scripts/fuzz.sh; skipped with a message when the toolchain has no libFuzzer
# runtime, or when LOGTRIAGE_FUZZ_SECONDS=0). First the style check (Scripts/lint.sh; LOGTRIAGE_SKIP_LINT=1 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/ensure-deps.sh
# The style check: `swift format lint --strict` with .swift-format; fix with `swift format -i -r Sources Tests ...`.
if [ "${LOGTRIAGE_SKIP_LINT:-0}" != 1 ]; then
    bash Scripts/lint.sh
fi
swift test "$@"
if [ "${LOGTRIAGE_SKIP_CONTRACT:-0}" != 1 ]; then
    bash Scripts/contract-check.sh
fi
if [ $# -eq 0 ] && [ "${LOGTRIAGE_FUZZ_SECONDS:-15}" != 0 ]; then
    # In CI a crash is reported, not fatal: a short random search is not repeatable (Scripts/fuzz.sh).
    LOGTRIAGE_FUZZ_STRICT="${LOGTRIAGE_FUZZ_STRICT:-$([ -n "${CI:-}" ] && echo 0 || echo 1)}" \
        bash Scripts/fuzz.sh "${LOGTRIAGE_FUZZ_SECONDS:-15}"
fi
