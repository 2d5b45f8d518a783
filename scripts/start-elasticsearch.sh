#!/usr/bin/env bash
# Start a throwaway single-node Elasticsearch 8 for tests on 127.0.0.1:${ES_PORT:-9200}, security off.
# The server is Maven Central's test distribution (org.elasticsearch.distribution.integ-test-zip),
# fetched with mvn into the ignored .cache/elasticsearch and unpacked there (or under /var/tmp when
# the checkout is out of the elasticsearch user's reach). It has no bundled JDK: it runs on Java 17+
# through ES_JAVA_HOME (default: the `java` on PATH). Elasticsearch refuses root, so as root it runs
# as the system user "elasticsearch" (created if missing). Idempotent: a healthy running server is
# left as it is. As root, installs Debian's maven / openjdk-17-jre-headless when missing.
set -euo pipefail

# shellcheck source=scripts/elasticsearch-env.sh
. "$(dirname "$0")/elasticsearch-env.sh"

say() { echo "start-elasticsearch: $*"; }
die() { echo "start-elasticsearch: $*" >&2; exit 1; }

apt_install() {
    [ "$(id -u)" = 0 ] || die "$1 is missing (apt-get install $1)"
    say "installing $1 from Debian"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Use-Pty=0 "$1" </dev/null >/dev/null; then
        apt-get update -q </dev/null >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Use-Pty=0 "$1" </dev/null >/dev/null
    fi
}

java_major() {
    # The feature version of "$1/bin/java" (17 for 17.0.15), or nothing.
    { "$1/bin/java" -XshowSettings:properties -version 2>&1 || true; } \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

es_paths

# ---------------------------------------------------------------- already there?
if pid="$(es_running_pid)"; then
    if es_healthy 60; then
        say "already running (pid $pid)"
        say "ready at http://127.0.0.1:$ES_PORT"
        exit 0
    fi
    die "pid $pid is running but 127.0.0.1:$ES_PORT is not healthy; see $ES_LOGS (stop it with scripts/stop-elasticsearch.sh)"
fi
if es_healthy 1; then
    # Another checkout's server holds the port: use it rather than fail to bind.
    say "a cluster already answers on 127.0.0.1:$ES_PORT; using it"
    say "ready at http://127.0.0.1:$ES_PORT"
    exit 0
fi

# ---------------------------------------------------------------- Java 17+
if [ -z "${ES_JAVA_HOME:-}" ]; then
    command -v java >/dev/null || apt_install openjdk-17-jre-headless
    ES_JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
major="$(java_major "$ES_JAVA_HOME")"
if [ "${major:-0}" -lt 17 ]; then
    # Too old (or not a Java home): Debian's Java 17.
    ES_JAVA_HOME="/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)"
    [ -x "$ES_JAVA_HOME/bin/java" ] || apt_install openjdk-17-jre-headless
    major="$(java_major "$ES_JAVA_HOME")"
fi
[ "${major:-0}" -ge 17 ] || die "needs Java 17+ (ES_JAVA_HOME=$ES_JAVA_HOME)"

# ---------------------------------------------------------------- the distribution
ZIP="$ES_ZIP_DIR/elasticsearch-$ES_VERSION.zip"
mkdir -p "$ES_ZIP_DIR"
if [ ! -s "$ZIP" ]; then
    command -v mvn >/dev/null || apt_install maven
    say "fetching $ES_ARTIFACT with mvn"
    if ! mvn -B -q -Dstyle.color=never dependency:copy -Dartifact="$ES_ARTIFACT" \
        -DoutputDirectory="$ES_ZIP_DIR" </dev/null >"$ES_ZIP_DIR/mvn.log" 2>&1; then
        tail -n 20 "$ES_ZIP_DIR/mvn.log" >&2
        die "could not fetch $ES_ARTIFACT"
    fi
fi

if [ "$(id -u)" = 0 ] && ! id "$ES_USER" >/dev/null 2>&1; then
    say "creating system user $ES_USER"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$ES_USER"
fi
es_paths  # now that the user exists: can it reach the checkout?

if [ ! -f "$ES_HOME/.unpacked" ]; then
    say "unpacking into $ES_HOME"
    mkdir -p "$ES_RUN"
    rm -rf "$ES_HOME" "$ES_RUN/unpack.tmp"
    mkdir "$ES_RUN/unpack.tmp"
    unzip -q "$ZIP" -d "$ES_RUN/unpack.tmp"
    mv "$ES_RUN/unpack.tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
    rmdir "$ES_RUN/unpack.tmp"
    touch "$ES_HOME/.unpacked"
fi
mkdir -p "$ES_DATA" "$ES_LOGS"
if [ "$(id -u)" = 0 ]; then
    chown "$ES_USER:" "$ES_RUN"
    chown -R "$ES_USER:" "$ES_HOME" "$ES_DATA" "$ES_LOGS"
fi

# ---------------------------------------------------------------- start
as_es() {
    if [ "$(id -u)" = 0 ]; then
        # From /: the elasticsearch user may not be allowed into the current directory.
        (cd / && runuser -u "$ES_USER" -- "$@")
    else
        (cd / && "$@")
    fi
}

rm -f "$ES_PIDFILE"
started="$(date +%s)"
# Bound to loopback with single-node discovery, the bootstrap checks are not enforced: vm.max_map_count
# 65530 and 20000 file descriptors here only log warnings.
# The test distribution's modules accept xpack.security.* (x-pack-security is in the zip).
if ! as_es env HOME="$ES_RUN" ES_JAVA_HOME="$ES_JAVA_HOME" ES_PATH_CONF="$ES_HOME/config" \
    ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE" \
    -E cluster.name=ocop-test \
    -E node.name=ocop-test-node \
    -E discovery.type=single-node \
    -E network.host=127.0.0.1 \
    -E http.port="$ES_PORT" \
    -E path.data="$ES_DATA" \
    -E path.logs="$ES_LOGS" \
    -E xpack.security.enabled=false \
    -E cluster.routing.allocation.disk.threshold_enabled=false \
    -E action.destructive_requires_name=false \
    </dev/null >"$ES_LOGS/start.out" 2>&1; then
    cat "$ES_LOGS/start.out" >&2
    tail -n 30 "$ES_LOGS/ocop-test.log" >&2 2>/dev/null || true
    die "elasticsearch did not start; logs in $ES_LOGS"
fi

if ! es_healthy 60; then
    tail -n 30 "$ES_LOGS/ocop-test.log" >&2 2>/dev/null || true
    die "not healthy after 60 s; logs in $ES_LOGS"
fi
say "started in $(($(date +%s) - started)) s (pid $(cat "$ES_PIDFILE"), data $ES_DATA)"
say "ready at http://127.0.0.1:$ES_PORT"
