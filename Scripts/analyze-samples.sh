#!/usr/bin/env bash
# The main job on SampleLogs/: builds logtriage (release) and diagnoses every sample as its own support request,
# printing one line per file (verdict, confidence, summary). Pass a format to see whole reports: text|json|markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Scripts/ensure-deps.sh
swift build -c release --static-swift-stdlib --product logtriage >&2
bin=.build/release/logtriage
format="${1:-summary}"
for f in SampleLogs/*; do
    [ -f "$f" ] || continue
    case "$f" in *.md|*.json) continue ;; esac
    stand=()
    case "$f" in *stand-mismatch*) stand=(--stand PROD) ;; esac
    if [ "$format" = summary ]; then
        "$bin" analyze "${stand[@]}" --format json "$f" | python3 -c '
import json, sys
d = json.load(sys.stdin)
v = d["verdict"]
side, conf, summary = v["side"], v["confidence"], v["summary"][:110]
print(f"{sys.argv[1]:<52} {side:<12} {conf:.2f}  {summary}")
' "$(basename "$f")"
    else
        echo "=== $f"
        "$bin" analyze "${stand[@]}" --format "$format" "$f"
    fi
done

# One support request end to end: a sample e-mail into a temporary request store (stand and period read from the
# mail), then the store read back.
store="$(mktemp -d)/store.sqlite"
echo "=== request add SampleLogs/requests/04-ru-cp1251-qp-payment.eml (a temporary store)"
mail=SampleLogs/requests/04-ru-cp1251-qp-payment.eml
if [ "$format" = summary ]; then
    "$bin" request add --store "$store" "$mail" | sed -n '1,2p;/^REQUEST/,/^$/p'    # verdict and request only
else
    "$bin" request add --store "$store" --format "$format" "$mail"
fi
"$bin" request list --store "$store"
rm -rf "$(dirname "$store")"
