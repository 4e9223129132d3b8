#!/usr/bin/env bash
# Builds (or tests) quicperf's quic-go server and client, offline, from Debian's Go packages:
#   build-go.sh TARGET_DIR [build|test] [REQUIRED]
# build: TARGET_DIR/quic-go/bin/quicperf-quic-go-{server,client}, quic-go.version beside them,
#        and the test tool TARGET_DIR/quic-go/tools/quicperf-quic-go-pattern.
# test:  go test of our Go packages.
#
# Without Go or without quic-go's sources the stack cannot be built here: the script says why
# (also in TARGET_DIR/quic-go/unavailable.txt, which QuicGoImplementation reports) and exits 0,
# so the rest of quicperf still builds and the quic-go cells are skipped with that reason. With
# REQUIRED=true (mvn -Dquicperf.quic-go.required=true) it fails instead. A compile error in our
# own Go code always fails the build.
#
# Where things come from (override with environment variables):
#   GO                 the go command (default: go on PATH)
#   QUICPERF_GOPATH    a GOPATH holding github.com/lucas-clemente/quic-go and its dependencies
#                      (default /usr/share/gocode, where golang-github-lucas-clemente-quic-go-dev
#                      puts them)
set -u

MODULE_DIR=$(cd "$(dirname "$0")" && pwd)
TARGET=${1:-$MODULE_DIR/target}
MODE=${2:-build}
REQUIRED=${3:-false}
OUT=$TARGET/quic-go
BIN=$OUT/bin
TOOLS=$OUT/tools
SOURCES=$MODULE_DIR/src/main/go
IMPORT=dev.quicperf/quicgo
QUIC_GO=github.com/lucas-clemente/quic-go
DEPS_GOPATH=${QUICPERF_GOPATH:-/usr/share/gocode}
PACKAGES="golang-go golang-github-lucas-clemente-quic-go-dev"

say() { echo "[quic-go] $*"; }

# The stack cannot be built on this machine: say why, leave no stale binaries, and (unless it is
# required) let the build go on.
unavailable() {
    mkdir -p "$OUT"
    rm -rf "$BIN" "$TOOLS"
    printf '%s\n' "$*" > "$OUT/unavailable.txt"
    say "NOT BUILT: $*"
    if [ "$REQUIRED" = true ]; then
        say "quicperf.quic-go.required=true: failing the build"
        exit 1
    fi
    say "the quic-go cells will be skipped; apt-get install $PACKAGES and rebuild to measure it"
    exit 0
}

GO=${GO:-$(command -v go || true)}
if [ -z "$GO" ] || [ ! -x "$GO" ]; then
    if [ "$MODE" = test ]; then
        say "go not found: Go tests skipped"
        exit 0
    fi
    unavailable "no Go toolchain (no 'go' on PATH)"
fi
if [ ! -d "$DEPS_GOPATH/src/$QUIC_GO" ]; then
    if [ "$MODE" = test ]; then
        say "quic-go sources not found: Go tests skipped"
        exit 0
    fi
    unavailable "quic-go's sources are not in $DEPS_GOPATH/src/$QUIC_GO (or set QUICPERF_GOPATH to a GOPATH that has them)"
fi

# GOPATH mode, offline, nothing read from or written to $HOME: our sources are copied into a
# GOPATH of their own under target/, quic-go and its dependencies come from DEPS_GOPATH, the build
# cache lives in target/ too. Static binaries (no cgo), so a server can run in a bare container;
# symbols and DWARF stay in, which perf needs for the CPU breakdown.
export GO111MODULE=off GOFLAGS= GOENV=off GOPROXY=off GOTOOLCHAIN=local CGO_ENABLED=0
export GOPATH=$OUT/gopath:$DEPS_GOPATH
export GOCACHE=$OUT/gocache
rm -rf "$OUT/gopath/src/$IMPORT"
mkdir -p "$OUT/gopath/src/$IMPORT" "$GOCACHE"
cp -R "$SOURCES/." "$OUT/gopath/src/$IMPORT/"
cd "$OUT/gopath/src/$IMPORT" || exit 1

if [ "$MODE" = test ]; then
    say "go test $IMPORT/..."
    exec "$GO" test -count=1 "./..."
fi

# quic-go itself first: if it does not compile with this Go (quic-go 0.29 builds with Go 1.18 and
# 1.19 only), the stack is unavailable here, which is not an error in our code.
GO_VERSION=$("$GO" version 2>/dev/null | cut -d' ' -f3)
if ! errors=$("$GO" build "$QUIC_GO" "$QUIC_GO/logging" 2>&1); then
    unavailable "quic-go does not build with ${GO_VERSION:-$GO} here: $(printf '%s' "$errors" | head -5 | tr '\n' ' ')"
fi

# The version we build against, for reports: the Debian package's upstream version.
VERSION=$(dpkg-query -W -f '${Version}' golang-github-lucas-clemente-quic-go-dev 2>/dev/null | sed -e 's/^[0-9]*://' -e 's/-[^-]*$//')
if [ -z "$VERSION" ]; then
    # Sources from a module cache name their version in the path (quic-go@v0.29.0).
    VERSION=$(cd "$DEPS_GOPATH/src/$QUIC_GO" && pwd -P | sed -n 's/.*@v\([0-9][^/]*\).*/\1/p')
fi
VERSION=${VERSION:-unknown}

mkdir -p "$OUT/staging"
LDFLAGS="-compressdwarf=false -X $IMPORT/perf.QuicGoVersion=$VERSION"
for program in quicperf-quic-go-server quicperf-quic-go-client quicperf-quic-go-pattern; do
    if ! "$GO" build -ldflags "$LDFLAGS" -o "$OUT/staging/$program" "./cmd/$program"; then
        say "FAILED: our Go code in $SOURCES/cmd/$program does not compile (errors above)"
        exit 1
    fi
done

# Only a complete build replaces the binaries the Java side finds.
mkdir -p "$BIN" "$TOOLS"
mv -f "$OUT/staging/quicperf-quic-go-server" "$OUT/staging/quicperf-quic-go-client" "$BIN/"
mv -f "$OUT/staging/quicperf-quic-go-pattern" "$TOOLS/"
printf '%s\n' "$VERSION" > "$BIN/quic-go.version"
rm -f "$OUT/unavailable.txt"
say "built quic-go $VERSION server and client with $GO_VERSION into $BIN"
