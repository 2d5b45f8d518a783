#!/usr/bin/env bash
# Stop the stripe-mock started by scripts/start-stripe-mock.sh (the built binary stays in .cache/bin).
# Idempotent: nothing running, nothing to do. A stripe-mock we did not start is left alone.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/pidfile.sh
. "$ROOT/scripts/pidfile.sh"
pidfile_stop "$ROOT/.cache/stripe-mock/stripe-mock.pid" stripe-mock stop-stripe-mock
