#!/usr/bin/env bash
# The test command: installs missing system packages, runs `swift test` (unit, rule-example and end-to-end tests),
# then the contract check of the running service against its OpenAPI document (Scripts/contract-check.sh; skipped
# when python3 or schemathesis is not available, or with LOGTRIAGE_SKIP_CONTRACT=1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/ensure-deps.sh
swift test "$@"
if [ "${LOGTRIAGE_SKIP_CONTRACT:-0}" != 1 ]; then
    bash Scripts/contract-check.sh
fi
