// Helpers for the desktop tests: a private X display, a private D-Bus session, the app's
// processes, and a minimal W3C WebDriver client for tauri-driver (no npm dependencies).

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const TARGET = resolve(ROOT, process.env.CARGO_TARGET_DIR ?? "target");
export const APP_BIN = resolve(process.env.SIMGATE_DESKTOP_BIN ?? join(TARGET, "debug/simgate-desktop"));
export const ARTIFACTS = join(TARGET, "desktop");
export const SIMGATE_BIN = resolve(process.env.SIMGATE_BIN ?? join(TARGET, "debug/simgate"));
export const TAURI_DRIVER = process.env.TAURI_DRIVER ?? "tauri-driver";

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value; fails with `what` after `ms`. */
export async function waitFor(what, probe, ms = 30_000, every = 200) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await sleep(every);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${last.message}` : ""}`);
}

export async function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Everything a test started, stopped in reverse order whatever happens. */
export class Scope {
  #cleanups = [];
  defer(fn) {
    this.#cleanups.push(fn);
  }
  async close() {
    for (const fn of this.#cleanups.reverse()) {
      try {
        await fn();
      } catch {
        // Best effort: the process may already be gone.
      }
    }
    this.#cleanups = [];
  }

  /** Spawns a process in its own process group, killed (group and all) when the scope closes. */
  spawn(cmd, args, { env, logName, stdin = "ignore" } = {}) {
    const log = logName ? openSync(join(this.dir(), `${logName}.log`), "w") : "ignore";
    const child = spawn(cmd, args, { env: mergeEnv(env), detached: true, stdio: [stdin, log, log] });
    child.logPath = logName ? join(this.dir(), `${logName}.log`) : null;
    child.exited = new Promise((res) => child.once("exit", (code, signal) => res({ code, signal })));
    this.defer(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      const done = await Promise.race([child.exited, sleep(3000).then(() => null)]);
      if (!done) process.kill(-child.pid, "SIGKILL");
    });
    return child;
  }

  /** A private temp dir, removed when the scope closes. */
  dir() {
    if (!this._dir) {
      this._dir = mkdtempSync(join(tmpdir(), "simgate-desktop-test-"));
      const dir = this._dir;
      this.#cleanups.unshift(() => rmSync(dir, { recursive: true, force: true }));
    }
    return this._dir;
  }

  /**
   * Environment that keeps the app's database and WebKit's caches inside the scope's temp dir,
   * and has no D-Bus session unless one is added.
   */
  appEnv(display) {
    const base = this.dir();
    const env = { DISPLAY: display, SIMGATE_DATA_DIR: join(base, "data"), DBUS_SESSION_BUS_ADDRESS: null, SIMGATE_MODEM: null };
    for (const name of ["XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"]) {
      env[name] = join(base, name.toLowerCase());
      mkdirSync(env[name], { recursive: true, mode: 0o700 });
    }
    return env;
  }
}

/** The test runner's environment with `overrides` applied; a `null` value removes the variable. */
function mergeEnv(overrides = {}) {
  const env = { ...process.env };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Starts Xvfb on a display number it picks itself (-displayfd), so parallel runs never clash. */
export async function startXvfb(scope) {
  const fdFile = join(scope.dir(), "xvfb-display");
  const fd = openSync(fdFile, "w");
  const child = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp"], {
    detached: true,
    stdio: ["ignore", "ignore", "ignore", fd],
  });
  scope.defer(() => process.kill(-child.pid, "SIGTERM"));
  const number = await waitFor("Xvfb to report its display", () => readFileSync(fdFile, "utf8").trim(), 15_000);
  return `:${number}`;
}

/** Starts a private D-Bus session bus; returns its address. */
export async function startDbus(scope) {
  const out = execFileSync("dbus-daemon", ["--session", "--fork", "--print-address=1", "--print-pid=1"], {
    encoding: "utf8",
  });
  const [address, pid] = out.trim().split("\n");
  scope.defer(() => process.kill(Number(pid), "SIGTERM"));
  return address.trim();
}

/** Window ids whose title is exactly `title` on `display`. */
export function windowsNamed(display, title) {
  try {
    const out = execFileSync("xdotool", ["search", "--name", `^${title}$`], {
      encoding: "utf8",
      // A window that closes mid-search makes Xlib print a harmless BadWindow error.
      stdio: ["ignore", "pipe", "ignore"],
      env: { ...process.env, DISPLAY: display },
    });
    return out.split("\n").filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
}

/** Saves what the X server shows in `window` (an id from windowsNamed, or "root"). */
export function screenshot(display, file, window = "root") {
  mkdirSync(ARTIFACTS, { recursive: true });
  execFileSync("/usr/bin/import", ["-window", window, file], { env: { ...process.env, DISPLAY: display } });
  return file;
}

/** Standard deviation of a picture's pixels (0..1): 0 means one flat colour, nothing drawn. */
export function pictureDeviation(file) {
  return Number(execFileSync("/usr/bin/convert", [file, "-format", "%[fx:standard_deviation]", "info:"], { encoding: "utf8" }));
}

/** A W3C WebDriver session against tauri-driver. */
export class WebDriver {
  constructor(url) {
    this.url = url;
  }

  async #call(method, path, body) {
    const res = await fetch(this.url + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) {
      const why = [json.value?.error, json.value?.message].filter(Boolean).join(": ") || res.status;
      throw new Error(`WebDriver ${method} ${path} ${body ? JSON.stringify(body) : ""}: ${why}`);
    }
    return json.value;
  }

  /** Launches `application`; it inherits tauri-driver's environment. */
  async start(application) {
    const value = await this.#call("POST", "/session", {
      capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application } } },
    });
    this.session = value.sessionId;
    return this;
  }

  /** Runs `script` in the page; it may return a promise. */
  exec(script, ...args) {
    return this.#call("POST", `/session/${this.session}/execute/sync`, { script, args });
  }

  /** The first element matching a CSS selector, or an XPath when `selector` starts with "/". */
  async find(selector) {
    const using = selector.startsWith("/") ? "xpath" : "css selector";
    const value = await this.#call("POST", `/session/${this.session}/element`, { using, value: selector });
    return Object.values(value)[0];
  }

  click(element) {
    return this.#call("POST", `/session/${this.session}/element/${element}/click`, {});
  }

  type(element, text) {
    return this.#call("POST", `/session/${this.session}/element/${element}/value`, { text });
  }

  /** Saves the page as WebKit renders it, once the page has drawn its latest DOM. */
  async screenshot(file) {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Two animation frames: the second callback runs after the frame holding the last change was painted.
    await this.exec("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null))));");
    writeFileSync(file, Buffer.from(await this.#call("GET", `/session/${this.session}/screenshot`), "base64"));
    return file;
  }

  attribute(element, name) {
    return this.#call("GET", `/session/${this.session}/element/${element}/attribute/${name}`);
  }

  async quit() {
    if (this.session) await this.#call("DELETE", `/session/${this.session}`);
    this.session = null;
  }
}
