#!/usr/bin/env bash
# Desktop tests: lints and unit-tests the shell (simgate-desktop is not a default workspace
# member, so the workspace-wide lint and test runs skip it), builds the self-contained binary (UI
# bundled, not the Vite dev server) and runs it in a real window under Xvfb, driven over
# WebDriver by tauri-driver.
# Needs: the packages from scripts/install-deps.sh, node, cargo. Leaves a screenshot in
# target/desktop/smoke.png. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "desktop smoke test: $*" >&2; exit 1; }

for tool in Xvfb xdotool WebKitWebDriver dbus-daemon dbus-monitor /usr/bin/import /usr/bin/convert node; do
  command -v "$tool" >/dev/null || fail "missing $tool (run scripts/install-deps.sh)"
done

if [ ! -f ui/dist/index.html ]; then
  echo "building the UI (ui/dist is missing)"
  (cd ui && npm ci --no-audit --no-fund && npm run build) || fail "the UI did not build"
fi

# The custom-protocol feature makes the binary serve ui/dist itself instead of loading devUrl.
# Every cargo call below uses the same features, so they share one build of the dependencies.
features=(--features tauri/custom-protocol)
cargo build -p simgate-desktop "${features[@]}" || fail "the desktop app did not build"
# `simgate simulate` plays the USB dongle for the notification test.
cargo build -p simgate || fail "the simgate CLI did not build"
cargo test -p simgate-desktop "${features[@]}" || fail "the shell's unit tests failed"
cargo clippy -p simgate-desktop "${features[@]}" --all-targets -- -D warnings || fail "clippy found problems in src-tauri"
cargo fmt -p simgate-desktop -- --check || fail "src-tauri is not formatted (cargo fmt -p simgate-desktop)"

# tauri-driver bridges WebDriver to WebKitWebDriver and launches the app under test.
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
if ! command -v tauri-driver >/dev/null && [ ! -x "$cargo_bin/tauri-driver" ]; then
  echo "installing tauri-driver 2.1.0"
  cargo install tauri-driver --locked --version 2.1.0 || fail "tauri-driver did not install"
fi
TAURI_DRIVER="$(command -v tauri-driver || echo "$cargo_bin/tauri-driver")"
export TAURI_DRIVER

mkdir -p target/desktop
node --test --test-reporter=spec tests/desktop/ || fail "failed (logs above; screenshot in target/desktop/ if taken)"
