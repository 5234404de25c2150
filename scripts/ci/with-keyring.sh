#!/usr/bin/env bash
# Runs a command with an unlocked GNOME Keyring (a real Secret Service) on the current D-Bus
# session: the OS keychain that device binding uses on Linux. Call it under dbus-run-session.
# The daemon keeps its keyring in a folder of its own (XDG_DATA_HOME for the daemon only), never the
# user's ~/.local/share/keyrings: two runs at once on one account would otherwise share one login
# keyring file, and each daemon reloads it when the other writes (items vanish mid-test).
set -euo pipefail
keyrings="$(mktemp -d)"
trap 'rm -rf "$keyrings"' EXIT
eval "$(printf 'dojang-ci\n' | XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
"$@"
