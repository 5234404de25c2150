#!/usr/bin/env bash
# Runs a command with an unlocked GNOME Keyring (a real Secret Service) on the current D-Bus
# session: the OS keychain that device binding uses on Linux. Call it under dbus-run-session.
set -euo pipefail
eval "$(printf 'dojang-ci\n' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
exec "$@"
