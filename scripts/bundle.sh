#!/usr/bin/env bash
# Builds the Linux installers of the desktop app (.deb and .rpm) with the Tauri bundler and
# prints their paths and sizes. AppImage is not built: its bundler downloads AppRun at build time.
# The UI is rebuilt first so the installer never ships a stale ui/dist; SIMGATE_SKIP_UI_BUILD=1
# reuses an existing ui/dist instead.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SIMGATE_SKIP_UI_BUILD:-0}" != 1 ] || [ ! -f ui/dist/index.html ]; then
  echo "building the UI"
  [ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund)
  (cd ui && npm run build)
fi

target_dir="${CARGO_TARGET_DIR:-target}"
# Only this run's installers are listed below, not ones left from an earlier name or version.
rm -f "$target_dir"/release/bundle/deb/*.deb "$target_dir"/release/bundle/rpm/*.rpm

echo "building the release binary and the installers"
(cd src-tauri && npx --yes @tauri-apps/cli@2 build --bundles deb,rpm --ci)

shopt -s nullglob
bundles=("$target_dir"/release/bundle/deb/*.deb "$target_dir"/release/bundle/rpm/*.rpm)
if [ ${#bundles[@]} -eq 0 ]; then
  echo "bundle: no .deb or .rpm was produced" >&2
  exit 1
fi
echo
echo "installers:"
for f in "${bundles[@]}"; do
  printf '  %-70s %8s (%d bytes)\n' "$f" "$(du -h "$f" | cut -f1)" "$(stat -c %s "$f")"
done
