import { join } from "node:path";
import { expect, openPage, screenshots, test } from "./fixtures";

test("the Modems page shows the demo modem", async ({ page, gateway }) => {
  await page.goto(gateway.uiUrl);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Modems" })
    .click();
  await expect(page).toHaveURL(/#\/modems$/);
  const card = page.getByRole("article").first();
  await expect(card).toContainText("Demo modem");
  await page.screenshot({ path: join(screenshots, "modems.png") });
});
