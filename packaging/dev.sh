#!/usr/bin/env bash
# The developer's entry point (the README's two commands):
#   packaging/dev.sh run [hookscope options]   install what is missing, build, run Hookscope
#   packaging/dev.sh test                      install what is missing, build, run every test suite: as
#                                              built for CI, again under ASan+UBSan, then fuzz the request
#                                              reader for a minute (tests/fuzz/README.md)
#   packaging/dev.sh build [preset]            install what is missing and build (default preset: dev)
# Works on a fresh Debian 12 machine; installs Debian packages with apt-get (through sudo when not root).
set -euo pipefail
cd "$(dirname "$0")/.."

# Build and test dependencies, all from Debian 12 (curl: the tests replay "copy as cURL" commands;
# gnome-keyring and dbus-daemon: the secrets tests run against a real Secret Service; dpkg-dev and
# file: cpack's dependency list; desktop-file-utils, appstream, groff-base: the package test validates;
# python3: the export tests read CSV and HAR back with Python's own modules; clang-14 and
# libclang-rt-14-dev: libFuzzer and the sanitizers' runtime for the fuzz target; nginx-light: the
# differential check compares Hookscope's verdicts with nginx's; openssl: the window generates a local
# certificate with it and the TLS tests make theirs).
packages=(
    cmake ninja-build g++ pkg-config curl clang-14 libclang-rt-14-dev nginx-light
    qt6-base-dev qtkeychain-qt6-dev libqt6sql6-sqlite libsqlite3-dev node-llhttp
    gnome-keyring dbus-daemon
    dpkg-dev file desktop-file-utils appstream groff-base python3 openssl
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

# Runs the request reader's fuzz target for $1 seconds on the seed corpus (new inputs go to a
# working corpus in the build folder, never into tests/fuzz/corpus); fails on any crash, leak, or
# single allocation over 64 MiB. A small ASan quarantine, given back to the system often, keeps the
# process's resident memory from creeping up with the 32 MiB bodies announced (tests/fuzz/README.md).
fuzz() {
    local seconds=$1 work=build/fuzz/corpus artifacts=build/fuzz/crashes/ log=build/fuzz/fuzz.log
    mkdir -p "$work" "$artifacts"
    say "fuzzing the request reader for ${seconds} s: build/fuzz/bin/fuzz_request_reader on tests/fuzz/corpus" \
        "(log: $log, any crashing input: $artifacts)"
    if ! ASAN_OPTIONS=quarantine_size_mb=16:allocator_release_to_os_interval_ms=500 \
        build/fuzz/bin/fuzz_request_reader -max_total_time="$seconds" -print_final_stats=1 \
        -rss_limit_mb=4096 -malloc_limit_mb=64 -artifact_prefix="$artifacts" "$work" tests/fuzz/corpus >"$log" 2>&1; then
        tail -n 60 "$log" >&2
        say "the fuzzer found a crash; reproduce with: build/fuzz/bin/fuzz_request_reader ${artifacts}crash-..."
        return 1
    fi
    grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' \
        "$log" >&2
}

# Prints how long the test step's stages took, as it goes.
stage() {
    say "[$(date -u +%H:%M:%S), $((SECONDS / 60)) min $((SECONDS % 60)) s in] $*"
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
    stage "1/3 ci preset: build, run every test suite"
    build ci
    ctest --preset ci -j "$(nproc)"
    stage "2/3 asan preset: build with AddressSanitizer+UBSan, run every test suite again (leaks fail too)"
    build asan
    ctest --preset asan -j "$(nproc)"
    stage "3/3 fuzz preset: build the libFuzzer target (clang-14), fuzz for 60 s"
    build fuzz
    fuzz 60
    stage "all passed"
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
