#!/usr/bin/env bash
# Starts SimGate for `make run`: the desktop app with the demo modem when a display is available,
# otherwise the headless server with the demo modem, printing the URL and token.
set -euo pipefail
cd "$(dirname "$0")/.."

data_dir="${SIMGATE_DATA_DIR:-$HOME/.local/share/simgate}"
listen="${SIMGATE_LISTEN:-127.0.0.1:8080}"

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "starting the SimGate desktop app (demo modem unless SIMGATE_MODEM is set)"
  cargo build -p simgate-desktop --features tauri/custom-protocol
  exec target/debug/simgate-desktop
fi

cargo build -p simgate
modem_args=(--demo)
if [ -n "${SIMGATE_MODEM:-}" ]; then
  modem_args=(--modem "$SIMGATE_MODEM")
elif target/debug/simgate modems --json 2>/dev/null | grep -q '"path"'; then
  echo "Using the modem(s) found on this machine (set SIMGATE_MODEM to choose one)."
  modem_args=()
fi
if [ -z "${SIMGATE_API_TOKEN:-}" ] && [ -s "$data_dir/api-token" ]; then
  token=$(cat "$data_dir/api-token")
  echo "No display: serving the web UI headless."
  echo "Open http://$listen/#token=$token"
fi
exec target/debug/simgate serve --data-dir "$data_dir" --listen "$listen" "${modem_args[@]}" --ui-dir ui/dist
