#!/usr/bin/env bash
# The contract check: the running `logtriage serve` (debug build, a temporary store, a random token, a free loopback
# port) against its own /openapi.yaml with schemathesis, a bounded number of examples per operation.
# Optional: skipped with a message when python3 is missing or schemathesis cannot be installed (no network problem
# may fail CI); fails when schemathesis finds a mismatch between the spec and the server.
#   Scripts/contract-check.sh   (LOGTRIAGE_CONTRACT_EXAMPLES=N: examples per operation; LOGTRIAGE_SERVE_BINARY=path:
#                                a built logtriage instead of `swift build`)
set -uo pipefail
cd "$(dirname "$0")/.."

skip() { echo "contract check skipped: $*" >&2; exit 0; }

command -v python3 >/dev/null || skip "python3 is not installed"
venv=.build/contract-venv
version="4.32.5"
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
    rm -rf "$venv"
    python3 -m venv "$venv" >/dev/null 2>&1 || skip "python3 cannot create a virtual environment"
    timeout 300 "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version" >/dev/null 2>&1 \
        || skip "pip could not install schemathesis==$version (offline?)"
fi

if [ -n "${LOGTRIAGE_SERVE_BINARY:-}" ]; then
    binary="$LOGTRIAGE_SERVE_BINARY"
else
    swift build --product logtriage >/dev/null && swift build --product logtriage-server >/dev/null \
        || { echo "contract check: swift build failed" >&2; exit 1; }
    binary="$(swift build --show-bin-path)/logtriage"
fi
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
token="contract-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
LOGTRIAGE_API_TOKENS="$token" LOG_LEVEL=error "$binary" serve --host 127.0.0.1 --port "$port" \
    --store "$work/store.sqlite" >"$work/server.log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { echo "contract check: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done

echo "contract check: schemathesis $version against http://127.0.0.1:$port/openapi.yaml" >&2
config="$PWD/Scripts/schemathesis.toml"
schemathesis="$PWD/$venv/bin/schemathesis"
# From the temporary folder, with no example database: nothing is left in the work tree, and every run starts from
# the same seed.
(cd "$work" && timeout 120 "$schemathesis" --config-file "$config" run "http://127.0.0.1:$port/openapi.yaml" \
    --header "Authorization: Bearer $token" \
    --max-examples "${LOGTRIAGE_CONTRACT_EXAMPLES:-15}" \
    --seed 1 \
    --generation-database none \
    --request-timeout 30)
status=$?
if [ "$status" -eq 124 ]; then echo "contract check: schemathesis took over 120 s" >&2; fi
exit "$status"
