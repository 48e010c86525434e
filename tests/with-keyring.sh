#!/usr/bin/env bash
# with-keyring.sh COMMAND...: runs COMMAND in a D-Bus session of its own with a fresh, unlocked
# gnome-keyring, the real Secret Service, in a throwaway home: tests never see the user's keyring.
set -euo pipefail
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_RUNTIME_DIR=$home/run
export HOOKSCOPE_TEST_HOME=$home
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# --unlock creates the login keyring with this password and unlocks it, so no prompt ever shows.
dbus-run-session -- bash -c 'printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' \
    with-keyring "$@"
