#!/usr/bin/env bash
# Runs the desktop app for UI work with hot reload: Vite serves ui/ on http://localhost:5173 (the
# devUrl in src-tauri/tauri.conf.json) and a dev build of the shell, built without the
# custom-protocol feature, loads it instead of the bundled ui/dist. The shell still starts its own
# gateway and API and allows the Vite origin on it. SIMGATE_MODEM / SIMGATE_DATA_DIR apply as usual.
# Note: this replaces target/debug/simgate-desktop with the dev build; the desktop tests and
# `make run` rebuild the self-contained one.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund)
cargo build -p simgate-desktop

(cd ui && exec node_modules/.bin/vite --port 5173 --strictPort) &
vite=$!
trap 'kill "$vite" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -fsS -o /dev/null http://localhost:5173/ 2>/dev/null && break
  kill -0 "$vite" 2>/dev/null || { echo "desktop-dev: Vite did not start (is port 5173 taken?)" >&2; exit 1; }
  sleep 0.2
done

"${CARGO_TARGET_DIR:-target}"/debug/simgate-desktop &
app=$!
trap 'kill "$app" "$vite" 2>/dev/null || true' EXIT INT TERM
wait "$app"
