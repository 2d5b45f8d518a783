#!/usr/bin/env bash
# Start stripe-mock (Stripe's official API mock) for tests on http://127.0.0.1:${STRIPE_MOCK_PORT:-12111}
# (its HTTPS listener, unused, on the next port: both on loopback only). It is stateless: every request is validated
# against Stripe's OpenAPI spec and answered with fixture data (it sends no webhooks).
# The binary is built with `go install` from the Go module proxy, pinned, into the ignored
# .cache/bin (skipped when already there); pidfile and log in .cache/stripe-mock.
# Idempotent: a running server of ours, or any stripe-mock already answering on the port, is reused.
# As root, installs Debian's golang when `go` is missing. Test key: sk_test_123.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/pidfile.sh
. "$ROOT/scripts/pidfile.sh"
STRIPE_MOCK_VERSION="${STRIPE_MOCK_VERSION:-v0.203.0}"
STRIPE_MOCK_PORT="${STRIPE_MOCK_PORT:-12111}"
STRIPE_MOCK_HTTPS_PORT="${STRIPE_MOCK_HTTPS_PORT:-$((STRIPE_MOCK_PORT + 1))}"
BIN_DIR="$ROOT/.cache/bin"
BIN="$BIN_DIR/stripe-mock"
RUN_DIR="$ROOT/.cache/stripe-mock"
PIDFILE="$RUN_DIR/stripe-mock.pid"
LOG="$RUN_DIR/stripe-mock.log"
URL="http://127.0.0.1:$STRIPE_MOCK_PORT"

say() { echo "start-stripe-mock: $*"; }
die() { echo "start-stripe-mock: $*" >&2; exit 1; }

answers() {
    # True when a stripe-mock (or Stripe-like API) answers GET /v1/customers with a list.
    curl -sf --max-time 2 -H "Authorization: Bearer sk_test_123" "$URL/v1/customers" 2>/dev/null \
        | grep -q '"object": *"list"'
}

running_pid() {
    pidfile_running "$PIDFILE" stripe-mock
}

command -v curl >/dev/null || die "curl is missing (apt-get install curl)"

# ---------------------------------------------------------------- already there?
if pid="$(running_pid)"; then
    for _ in $(seq 1 20); do
        if answers; then
            say "already running (pid $pid)"
            say "ready at $URL"
            exit 0
        fi
        sleep 0.5
    done
    die "pid $pid is running but $URL does not answer; see $LOG (stop it with scripts/stop-stripe-mock.sh)"
fi
if answers; then
    # Another checkout's stripe-mock holds the port: use it rather than fail to bind.
    say "a stripe-mock already answers on $URL; using it"
    say "ready at $URL"
    exit 0
fi

# ---------------------------------------------------------------- the binary
if [ ! -x "$BIN" ]; then
    if ! command -v go >/dev/null; then
        [ -x /usr/local/go/bin/go ] && PATH="/usr/local/go/bin:$PATH"
    fi
    if ! command -v go >/dev/null; then
        [ "$(id -u)" = 0 ] || die "go is missing (apt-get install golang)"
        say "installing golang from Debian"
        if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Use-Pty=0 golang </dev/null >/dev/null; then
            apt-get update -q </dev/null >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Use-Pty=0 golang </dev/null >/dev/null
        fi
    fi
    # stripe-mock's go.mod says `go 1.22.1`: Go 1.21+ builds it (fetching that toolchain from the
    # module proxy if older); Go 1.19/1.20 (Debian 12's golang is 1.19) refuse the go.mod.
    go_minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
    [ "${go_minor:-0}" -ge 21 ] \
        || die "$(go version) cannot build stripe-mock $STRIPE_MOCK_VERSION (needs Go 1.21+; the machine image's Go is in /usr/local/go)"
    mkdir -p "$BIN_DIR" "$RUN_DIR"
    say "building github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION with $(go version)"
    built="$(date +%s)"
    if ! GOBIN="$BIN_DIR" GOFLAGS="${GOFLAGS:-} -buildvcs=false" \
        go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" </dev/null >"$RUN_DIR/install.log" 2>&1; then
        tail -n 20 "$RUN_DIR/install.log" >&2
        die "go install github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION failed"
    fi
    say "built in $(($(date +%s) - built)) s"
fi

# ---------------------------------------------------------------- start
mkdir -p "$RUN_DIR"
rm -f "$PIDFILE"
started="$(date +%s)"
# v0.203.0 cannot turn HTTPS off while HTTP has an explicit address (only `-http`/`-http-port`
# do, and those bind every interface), so both listeners get a loopback address.
# setsid: the server outlives this script and the caller's terminal.
setsid "$BIN" -http-addr "127.0.0.1:$STRIPE_MOCK_PORT" -https-addr "127.0.0.1:$STRIPE_MOCK_HTTPS_PORT" \
    </dev/null >"$LOG" 2>&1 &
echo $! >"$PIDFILE"

for _ in $(seq 1 60); do
    if answers; then
        say "started in $(($(date +%s) - started)) s (pid $(cat "$PIDFILE"), $STRIPE_MOCK_VERSION, log $LOG)"
        say "ready at $URL"
        exit 0
    fi
    if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
        tail -n 20 "$LOG" >&2
        rm -f "$PIDFILE"
        die "stripe-mock exited; log in $LOG"
    fi
    sleep 0.5
done
tail -n 20 "$LOG" >&2
die "$URL did not answer within 30 s; log in $LOG"
