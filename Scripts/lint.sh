#!/usr/bin/env bash
# Style check: swift-format in lint mode with the repository's .swift-format (4 spaces, 120 columns); fails on any
# violation. Generated files opt out with `// swift-format-ignore-file`. To fix what can be fixed mechanically:
#   swift format -i -r Sources Tests Package.swift
set -euo pipefail
cd "$(dirname "$0")/.."
if ! swift format --version >/dev/null 2>&1; then
    echo "lint: 'swift format' is not available in this toolchain (Swift 6 ships it)" >&2
    exit 1
fi
swift format lint --strict --parallel -r Sources Tests Package.swift Benchmarks/Sources Benchmarks/Package.swift \
    Fuzz/Sources Fuzz/Package.swift
echo "lint: no violations"
