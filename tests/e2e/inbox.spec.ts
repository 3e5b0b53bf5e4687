import { join } from "node:path";
import { expect, openPage, screenshots, test } from "./fixtures";

test("an SMS delivered to the demo modem shows up in the Inbox", async ({ page, gateway }) => {
  await page.goto(gateway.uiUrl);
  await openPage(page, "Modems");
  const card = page.getByRole("article", { name: "Modem demo-1" });
  await expect(card.locator("[data-state]")).toHaveAttribute("data-state", "ready", {
    timeout: 30_000,
  });

  const text = `Is my order ready? ${Date.now()}`;
  await card.getByRole("button", { name: "Simulate incoming SMS" }).click();
  const form = card.getByRole("form", { name: "Simulated incoming SMS" });
  await form.getByLabel("From").fill("+4915112345678");
  await form.getByLabel("Text").fill(text);
  await form.getByRole("button", { name: "Deliver to demo-1" }).click();
  await expect(form).toBeHidden();

  await openPage(page, "Inbox");
  const item = page
    .getByRole("list", { name: "Received messages" })
    .getByRole("listitem")
    .filter({ hasText: text });
  await expect(item).toBeVisible({ timeout: 30_000 });
  await expect(item).toContainText("+4915112345678");
  await expect(item).toContainText("via demo-1");
  await page.screenshot({ path: join(screenshots, "inbox.png") });
});
