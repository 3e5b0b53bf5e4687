// Desktop smoke tests: the real SimGate binary in a real WebKitGTK window under Xvfb, with the
// gateway, the HTTP API and the demo modem running inside it. Run through tests/desktop/smoke.sh,
// which builds the self-contained binary first.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

import {
  APP_BIN,
  ARTIFACTS,
  SIMGATE_BIN,
  Scope,
  TAURI_DRIVER,
  WebDriver,
  freePort,
  pictureDeviation,
  screenshot,
  startDbus,
  startXvfb,
  waitFor,
  windowsNamed,
} from "./harness.mjs";

assert.ok(existsSync(APP_BIN), `desktop binary not found at ${APP_BIN}: run tests/desktop/smoke.sh`);

describe("the SimGate window", () => {
  const scope = new Scope();
  let display;
  let wd;
  let windows;

  before(async () => {
    display = await startXvfb(scope);
    const port = await freePort();
    const nativePort = await freePort();
    // No D-Bus session on purpose: the app must start without one (root under Xvfb, CI).
    scope.spawn(TAURI_DRIVER, ["--port", String(port), "--native-port", String(nativePort)], {
      env: scope.appEnv(display),
      logName: "tauri-driver",
    });
    wd = new WebDriver(`http://127.0.0.1:${port}`);
    await waitFor("tauri-driver to listen", () => fetch(`${wd.url}/status`).then((r) => r.ok), 15_000);
    await wd.start(APP_BIN);
    scope.defer(() => wd.quit());
    windows = await waitFor("a window titled SimGate", () => {
      const found = windowsNamed(display, "SimGate");
      return found.length > 0 && found;
    });
  });

  after(() => scope.close());

  test("shows the UI, which reaches the in-process API with its token", async (t) => {
    assert.equal(windows.length, 1, "exactly one SimGate window");

    const bootstrap = await wd.exec("return window.__SIMGATE__ ?? null;");
    assert.ok(bootstrap, "the shell injected window.__SIMGATE__ before the UI loaded");
    assert.match(bootstrap.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/, "API bound to loopback");
    assert.match(bootstrap.token, /^[0-9a-f]{64}$/, "a per-run token");

    // The UI rendered its layout and is connected for live updates, not a blank or error page.
    const text = await waitFor(
      "the UI to render and connect",
      async () => {
        const body = await wd.exec("return document.body ? document.body.innerText : '';");
        return /Messages/.test(body) && /\bLive\b/.test(body) && body;
      },
      20_000,
    );
    assert.match(text, /SimGate/, "the app name is shown");

    // From inside the page, as the UI does: the server must accept the webview's origin and token.
    const probe = await wd.exec(`return (async () => {
      const { baseUrl, token } = window.__SIMGATE__;
      const health = await fetch(baseUrl + "/api/v1/health").then((r) => r.json());
      const authed = await fetch(baseUrl + "/api/v1/messages?limit=1", { headers: { authorization: "Bearer " + token } });
      const anon = await fetch(baseUrl + "/api/v1/messages?limit=1");
      return { health, authed: authed.status, anon: anon.status };
    })();`);
    assert.equal(probe.health.status, "ok");
    assert.equal(probe.authed, 200, "the UI's token and origin are accepted");
    assert.equal(probe.anon, 401, "without the token the API refuses");

    // What a user would see on the screen: the window must actually have painted the UI.
    const shot = join(ARTIFACTS, "smoke.png");
    await waitFor("the window to paint the UI", () => pictureDeviation(screenshot(display, shot, windows[0])) > 0.05, 20_000, 500);
    t.diagnostic(`screenshot: ${shot}`);
  });

  test("sends an SMS through the demo modem and shows it turn sent live", async () => {
    // The Messages page lists every message with its live status.
    await wd.click(await wd.find("//nav//a[normalize-space()='Messages']"));
    await waitFor("the Messages page", async () => (await wd.exec("return document.querySelector('h1')?.innerText ?? '';")) === "Messages", 10_000);
    await wd.click(await wd.find("//button[starts-with(normalize-space(), 'New message')]"));
    const to = await waitFor("the send form", () => wd.find('form[aria-label="Send SMS"] #send-to'), 10_000);
    await wd.type(to, "+4915112345678");
    const body = `Desktop check ${Date.now()}: your table is ready`;
    await wd.type(await wd.find('form[aria-label="Send SMS"] #send-body'), body);
    await wd.click(await wd.find('form[aria-label="Send SMS"] button[type="submit"]'));

    const badge = await waitFor("the message to appear in the list", () => wd.find(`//tr[contains(., '${body}')]//*[@data-status]`), 15_000);
    await waitFor("the message to turn sent", async () => (await wd.attribute(badge, "data-status")) === "sent", 60_000);
    await wd.screenshot(join(ARTIFACTS, "smoke-sent.png"));
  });

  test("never navigates away from the app, whose pages hold the token", async () => {
    const origin = await wd.exec("return location.protocol + '//' + location.host;");
    await wd.exec("location.href = 'https://example.invalid/'; return null;");
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await wd.exec("return location.protocol + '//' + location.host;"), origin);
    assert.match(await wd.exec("return document.body.innerText;"), /Messages/, "the UI is still shown");
  });
});

test("a second launch hands over to the running app instead of starting another gateway", async (t) => {
  const scope = new Scope();
  t.after(() => scope.close());
  const display = await startXvfb(scope);
  // Single instance is arbitrated over the D-Bus session bus.
  const env = { ...scope.appEnv(display), DBUS_SESSION_BUS_ADDRESS: await startDbus(scope) };

  const first = scope.spawn(APP_BIN, [], { env, logName: "first" });
  const apiUrl = await waitFor("the first instance to print its API URL", () => {
    const m = readFileSync(first.logPath, "utf8").match(/^SIMGATE_DESKTOP_API=(\S+)$/m);
    return m && m[1];
  });
  await waitFor("the first window", () => windowsNamed(display, "SimGate").length === 1);

  const second = scope.spawn(APP_BIN, [], { env, logName: "second" });
  const exit = await Promise.race([second.exited, new Promise((r) => setTimeout(() => r(null), 20_000))]);
  assert.ok(exit, "the second launch should exit on its own");
  assert.equal(exit.code, 0, `the second launch exits cleanly (log: ${readFileSync(second.logPath, "utf8")})`);
  assert.doesNotMatch(readFileSync(second.logPath, "utf8"), /SIMGATE_DESKTOP_API=/, "no second gateway");
  assert.equal(windowsNamed(display, "SimGate").length, 1, "still exactly one window");

  const health = await fetch(`${apiUrl}/api/v1/health`).then((r) => r.json());
  assert.equal(health.status, "ok", "the first instance keeps serving");
});

test("SIGTERM (or Ctrl-C) quits cleanly: the gateway stops and the API port is released", async (t) => {
  const scope = new Scope();
  t.after(() => scope.close());
  const display = await startXvfb(scope);
  const app = scope.spawn(APP_BIN, [], { env: scope.appEnv(display), logName: "app" });
  const apiUrl = await waitFor("the app to print its API URL", () => {
    const m = readFileSync(app.logPath, "utf8").match(/^SIMGATE_DESKTOP_API=(\S+)$/m);
    return m && m[1];
  });
  await waitFor("the window", () => windowsNamed(display, "SimGate").length === 1);
  assert.equal((await fetch(`${apiUrl}/api/v1/health`).then((r) => r.json())).status, "ok");

  const started = Date.now();
  process.kill(app.pid, "SIGTERM");
  const exit = await Promise.race([app.exited, new Promise((r) => setTimeout(() => r(null), 15_000))]);
  assert.ok(exit, "the app should exit after SIGTERM");
  assert.deepEqual(exit, { code: 0, signal: null }, "a clean exit, not death by signal");
  t.diagnostic(`exited ${Date.now() - started} ms after SIGTERM`);
  assert.match(readFileSync(app.logPath, "utf8"), /SimGate stopped/, "the gateway was shut down");
  await assert.rejects(fetch(`${apiUrl}/api/v1/health`), "nothing listens on the API port any more");
});

test("a modem that cannot be opened: the app says why and exits non-zero instead of hanging", async (t) => {
  const scope = new Scope();
  t.after(() => scope.close());
  const display = await startXvfb(scope);
  const missing = "/dev/ttySIMGATE-missing";
  const app = scope.spawn(APP_BIN, [], { env: { ...scope.appEnv(display), SIMGATE_MODEM: missing }, logName: "app" });
  const exit = await Promise.race([app.exited, new Promise((r) => setTimeout(() => r(null), 30_000))]);
  assert.ok(exit, "the app should exit on its own");
  assert.deepEqual(exit, { code: 1, signal: null });
  const log = readFileSync(app.logPath, "utf8");
  assert.match(log, /SimGate could not start: .*ttySIMGATE-missing/, "the reason names the modem");
  assert.doesNotMatch(log, /panicked/);
  assert.equal(windowsNamed(display, "SimGate").length, 0, "no window that cannot send");
});

test("an SMS arriving on the modem given in SIMGATE_MODEM raises a native notification", async (t) => {
  const scope = new Scope();
  t.after(() => scope.close());
  const display = await startXvfb(scope);
  // Notifications go over the session bus; with no notification daemon running, the call to
  // org.freedesktop.Notifications is still visible to a bus monitor.
  const bus = await startDbus(scope);
  const monitor = scope.spawn("dbus-monitor", ["--address", bus, "interface='org.freedesktop.Notifications',member='Notify'"], {
    logName: "notifications",
  });
  // A simulated dongle on a pseudo-terminal, attached exactly like /dev/ttyUSB0.
  const link = join(scope.dir(), "ttySIM0");
  const sim = scope.spawn(SIMGATE_BIN, ["simulate", "--link", link], { logName: "sim", stdin: "pipe" });
  await waitFor("the simulated modem's pty", () => existsSync(link), 15_000);

  const app = scope.spawn(APP_BIN, [], {
    env: { ...scope.appEnv(display), DBUS_SESSION_BUS_ADDRESS: bus, SIMGATE_MODEM: link },
    logName: "app",
  });
  await waitFor("the app to print its API URL", () => /^SIMGATE_DESKTOP_API=/m.test(readFileSync(app.logPath, "utf8")), 30_000);

  // Stored on the SIM and announced; a gateway still starting finds it when it sweeps the SIM.
  sim.stdin.write("incoming +4917612345678 Table for 4 at 8 tonight?\n");
  const seen = await waitFor(
    "a Notify call on the session bus",
    () => {
      const log = readFileSync(monitor.logPath, "utf8");
      return /member=Notify/.test(log) && log;
    },
    30_000,
    250,
  );
  assert.match(seen, /New SMS from \+4917612345678/, "the notification names the sender");
});
