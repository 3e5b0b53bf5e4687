import { join } from "node:path";
import { test as base } from "@playwright/test";
import { repoRoot, startGateway, type Gateway } from "./gateway";

/** One real `simgate serve --demo` per worker, shared by its tests. */
export const test = base.extend<object, { gateway: Gateway }>({
  gateway: [
    async ({}, use) => {
      const gateway = await startGateway();
      await use(gateway);
      await gateway.stop();
    },
    { scope: "worker" },
  ],
});

export { expect } from "@playwright/test";

/** Screenshots land here (kept as test artifacts). */
export const screenshots = join(repoRoot, "target", "e2e");
