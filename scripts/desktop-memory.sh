#!/usr/bin/env bash
# Measures the desktop app's memory after start: starts it under a private Xvfb with the demo
# modem and a throwaway data dir, waits for the window and the API, lets the UI settle, then
# prints RSS and PSS of the app and each WebKit helper process, and the totals (PSS counts shared
# pages once, so it is the fairer total).
# Usage: scripts/desktop-memory.sh [BINARY] [SETTLE_SECONDS]
#   BINARY defaults to target/debug/simgate-desktop (build it with --features tauri/custom-protocol).
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${1:-${CARGO_TARGET_DIR:-target}/debug/simgate-desktop}"
settle="${2:-10}"
[ -x "$bin" ] || { echo "desktop-memory: no executable at $bin" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[$i]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 2>/dev/null &
pids+=($!)
exec 3>&-
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
display=":$(tr -d '\n' <"$work/display")"

mkdir -p "$work/xdg-data" "$work/xdg-cache" "$work/xdg-config"
DISPLAY="$display" SIMGATE_DATA_DIR="$work/data" XDG_DATA_HOME="$work/xdg-data" \
  XDG_CACHE_HOME="$work/xdg-cache" XDG_CONFIG_HOME="$work/xdg-config" DBUS_SESSION_BUS_ADDRESS= \
  "$bin" >"$work/app.log" 2>&1 &
app=$!
pids+=("$app")

for _ in $(seq 300); do grep -q '^SIMGATE_DESKTOP_API=' "$work/app.log" && break; sleep 0.1; done
url="$(sed -n 's/^SIMGATE_DESKTOP_API=//p' "$work/app.log")"
[ -n "$url" ] || { echo "desktop-memory: the app did not start:" >&2; cat "$work/app.log" >&2; exit 1; }
for _ in $(seq 100); do DISPLAY="$display" xdotool search --name '^SimGate$' >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$url/api/v1/health" >/dev/null
sleep "$settle"

# The app and every process below it (WebKitWebProcess, WebKitNetworkProcess, ...).
mib() { awk -v kib="$1" 'BEGIN { printf "%.1f", kib / 1024 }'; }
tree() { echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }
printf '%-28s %8s %10s %10s\n' process pid 'RSS MiB' 'PSS MiB'
total_rss=0 total_pss=0
for pid in $(tree "$app"); do
  [ -r "/proc/$pid/smaps_rollup" ] || continue
  rss=$(awk '/^Rss:/ {print $2}' "/proc/$pid/smaps_rollup")
  pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup")
  printf '%-28s %8s %10.1f %10.1f\n' "$(cat "/proc/$pid/comm")" "$pid" "$(mib "$rss")" "$(mib "$pss")"
  total_rss=$((total_rss + rss)) total_pss=$((total_pss + pss))
done
printf '%-28s %8s %10.1f %10.1f\n' total '' "$(mib "$total_rss")" "$(mib "$total_pss")"
