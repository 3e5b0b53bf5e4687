import { join } from "node:path";
import { expect, openPage, screenshots, test } from "./fixtures";

test("the demo modem's card shows it ready, runs USSD, and recovers from an unplug", async ({
  page,
  gateway,
}) => {
  await page.goto(gateway.uiUrl);
  await openPage(page, "Modems");
  await expect(page).toHaveURL(/#\/modems$/);
  const card = page.getByRole("article", { name: "Modem demo-1" });
  await expect(card.locator("[data-state]")).toHaveAttribute("data-state", "ready", {
    timeout: 30_000,
  });
  await page.screenshot({ path: join(screenshots, "modems.png") });

  await card.getByRole("button", { name: "USSD" }).click();
  await card.getByRole("button", { name: "Run" }).click();
  await expect(card.getByLabel("USSD reply")).not.toBeEmpty({ timeout: 30_000 });

  await card.getByRole("button", { name: "Unplug" }).click();
  await expect(card.locator("[data-state]")).toHaveAttribute("data-state", "offline", {
    timeout: 30_000,
  });
  await card.getByRole("button", { name: "Plug back in" }).click();
  await expect(card.locator("[data-state]")).toHaveAttribute("data-state", "ready", {
    timeout: 60_000,
  });
});
