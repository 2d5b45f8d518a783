# Sourced by the start/stop scripts of the throwaway test services (Redis, stripe-mock): the
# process behind a pidfile, and stopping it. A process we did not start is never touched.

pidfile_running() {
    # pidfile_running PIDFILE NAME: print the pid in PIDFILE if that process is alive and its
    # command line names NAME; fail otherwise.
    local pid
    [ -f "$1" ] || return 1
    pid="$(cat "$1" 2>/dev/null || true)"
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
    grep -qa "$2" "/proc/$pid/cmdline" || return 1
    echo "$pid"
}

pidfile_stop() {
    # pidfile_stop PIDFILE NAME LABEL: TERM the process (KILL after 10 s), remove the pidfile.
    # Idempotent: nothing running, nothing to do.
    local pid
    if ! pid="$(pidfile_running "$1" "$2")"; then
        rm -f "$1"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$1"
            echo "$3: stopped"
            return 0
        fi
        sleep 0.5
    done
    echo "$3: pid $pid still running after 10 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$1"
    echo "$3: killed"
}
