// Fails when the committed API client is stale.
// 1. When a `simgate` binary is at hand (SIMGATE_BIN, or target/debug/simgate),
//    its OpenAPI document must equal src/lib/api/openapi.json.
// 2. The TypeScript types regenerated from that document must equal the
//    committed src/lib/api/schema.d.ts.
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ui = fileURLToPath(new URL("..", import.meta.url));
const repo = fileURLToPath(new URL("../..", import.meta.url));
const doc = "src/lib/api/openapi.json";
const bin =
  process.env.SIMGATE_BIN ?? `${process.env.CARGO_TARGET_DIR ?? `${repo}target`}/debug/simgate`;

if (existsSync(bin)) {
  writeFileSync(`${ui}${doc}`, execFileSync(bin, ["openapi"], { encoding: "utf8" }));
  console.log(`openapi.json taken from ${bin}`);
} else {
  console.log(
    `no simgate binary at ${bin}: checking the types against the committed document only`,
  );
}
execFileSync("npm", ["run", "-s", "gen:api"], { cwd: ui, stdio: "inherit" });
try {
  execFileSync("git", ["diff", "--exit-code", "--", doc, "src/lib/api/schema.d.ts"], {
    cwd: ui,
    stdio: "inherit",
  });
} catch {
  console.error(
    "\nThe API client is stale: commit the regenerated src/lib/api/openapi.json and schema.d.ts.",
  );
  process.exit(1);
}
console.log("API client is up to date");
