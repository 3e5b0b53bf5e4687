import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface Gateway {
  baseUrl: string;
  token: string;
  /** The link `simgate serve` prints: the UI with the token in the fragment. */
  uiUrl: string;
  log: () => string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function simgateBinary() {
  if (process.env.SIMGATE_BIN) return process.env.SIMGATE_BIN;
  const target = process.env.CARGO_TARGET_DIR ?? join(repoRoot, "target");
  return join(target, "debug", "simgate");
}

/**
 * Starts `simgate serve --demo` on a free loopback port with a fresh data
 * directory and waits until /api/v1/health answers. `demoModems` starts that
 * many simulated modems (`demo-1`, `demo-2`, ...) instead of one.
 */
export async function startGateway({ demoModems }: { demoModems?: number } = {}): Promise<Gateway> {
  const uiDir = process.env.SIMGATE_UI_DIR ?? join(repoRoot, "ui", "dist");
  if (!existsSync(join(uiDir, "index.html"))) {
    throw new Error(`no built UI in ${uiDir}: run \`npm run build\` in ui/ first`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "simgate-e2e-"));
  const token = `e2e-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = "";
  const child: ChildProcess = spawn(
    simgateBinary(),
    [
      "serve",
      "--data-dir",
      dataDir,
      "--listen",
      `127.0.0.1:${port}`,
      ...(demoModems ? ["--demo-modems", String(demoModems)] : ["--demo"]),
    ],
    {
      env: { ...process.env, SIMGATE_API_TOKEN: token, SIMGATE_UI_DIR: uiDir },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  let exited: number | null | undefined;
  child.on("exit", (code) => (exited = code));
  const spawnError = new Promise<never>((_, reject) => child.on("error", reject));

  const stop = async () => {
    if (exited === undefined) {
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  const ready = (async () => {
    for (;;) {
      if (exited !== undefined) throw new Error(`simgate exited with ${exited}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`simgate did not become healthy:\n${output}`);
      try {
        const res = await fetch(`${baseUrl}/api/v1/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    await Promise.race([ready, spawnError]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, token, uiUrl: `${baseUrl}/#token=${token}`, log: () => output, stop };
}
