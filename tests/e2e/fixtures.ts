import { join } from "node:path";
import { expect, test as base, type Page } from "@playwright/test";
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

export { expect };

/** Goes to a page through the sidebar, as a user would. */
export async function openPage(
  page: Page,
  name: "Dashboard" | "Inbox" | "Messages" | "Modems" | "Settings",
) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

/** Screenshots land here (kept as test artifacts). */
export const screenshots = join(repoRoot, "target", "e2e");
