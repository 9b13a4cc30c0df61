#!/usr/bin/env bash
# Regenerates the embedded and compiled catalogues and docs/RULES.md from Rules/ (tests fail when one is stale).
set -euo pipefail
cd "$(dirname "$0")/.."
./Scripts/embed-rules.sh
swift build --product logtriage >/dev/null
"$(swift build --show-bin-path)/logtriage" rules docs --rules Rules > docs/RULES.md
echo "wrote docs/RULES.md"
