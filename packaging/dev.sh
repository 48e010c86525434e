#!/usr/bin/env bash
# The developer's entry point (the README's two commands):
#   packaging/dev.sh run [hookscope options]   install what is missing, build, run Hookscope
#   packaging/dev.sh test                      install what is missing, build, run every test suite
#   packaging/dev.sh build [preset]            install what is missing and build (default preset: dev)
# Works on a fresh Debian 12 machine; installs Debian packages with apt-get (through sudo when not root).
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and test dependencies, all from Debian 12 (curl: the tests replay "copy as cURL" commands;
# gnome-keyring and dbus-daemon: the secrets tests run against a real Secret Service; dpkg-dev and
# file: cpack's dependency list; desktop-file-utils, appstream, groff-base: the package test validates;
# python3: the export tests read CSV and HAR back with Python's own modules).
packages=(
    cmake ninja-build g++ pkg-config curl
    qt6-base-dev qtkeychain-qt6-dev libqt6sql6-sqlite libsqlite3-dev node-llhttp
    gnome-keyring dbus-daemon
    dpkg-dev file desktop-file-utils appstream groff-base python3
)

say() { printf 'dev.sh: %s\n' "$*" >&2; }

install_missing() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    say "installing missing Debian packages: ${missing[*]}"
    local sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

build() {
    local preset=$1
    # Build output goes to stderr: stdout stays Hookscope's own (its "listening on" line).
    cmake --preset "$preset" -G Ninja >/dev/null
    cmake --build --preset "$preset" -j "$(nproc)" >&2
}

command=${1:-run}
[[ $# -gt 0 ]] && shift
case $command in
run)
    install_missing
    build release
    # The window when a display is reachable; otherwise hookscope itself says so and captures headless.
    exec build/release/bin/hookscope "$@"
    ;;
test)
    install_missing
    build ci
    exec ctest --preset ci -j "$(nproc)"
    ;;
build)
    install_missing
    build "${1:-dev}"
    ;;
*)
    say "usage: packaging/dev.sh run|test|build [preset]"
    exit 2
    ;;
esac
