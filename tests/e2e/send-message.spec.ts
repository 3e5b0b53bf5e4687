import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, openPage, screenshots, test } from "./fixtures";

test("a message sent from the UI turns sent live, without a reload", async ({ page, gateway }) => {
  await page.goto(gateway.uiUrl);
  // The token moves out of the address bar into the session.
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await openPage(page, "Messages");
  await expect(page.getByRole("status", { name: "Live updates: Live" })).toBeVisible();
  // A reload would wipe this marker; it must survive until the message is sent.
  await page.evaluate(() => ((window as unknown as { e2eMarker: number }).e2eMarker = 42));

  await page.getByRole("button", { name: "New message" }).first().click();
  const form = page.getByRole("form", { name: "Send SMS" });
  await form.getByLabel("To").fill("+4915112345678");
  const body = `Your order #${Date.now()} is ready for pickup`;
  await form.getByLabel("Message").fill(body);
  await form.getByRole("button", { name: "Send SMS" }).click();
  await expect(form).toBeHidden();

  const row = page.getByRole("row").filter({ hasText: body });
  await expect(row).toBeVisible();
  // Sent, and with delivery reports on the demo network confirms delivery 3 s later.
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", /^(sent|delivered)$/, {
    timeout: 30_000,
  });

  expect(await page.evaluate(() => (window as unknown as { e2eMarker?: number }).e2eMarker)).toBe(
    42,
  );

  await row.click();
  const drawer = page.getByRole("dialog", { name: "Message details" });
  await expect(drawer.getByRole("listitem").filter({ hasText: /^Sent/ })).toBeVisible();
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, "message-sent.png") });
  await page.keyboard.press("Escape");
  await page.screenshot({ path: join(screenshots, "messages.png") });
});

test("the gateway's 422 errors show next to the field", async ({ page, gateway }) => {
  await page.goto(gateway.uiUrl);
  await page.getByRole("button", { name: "New message" }).first().click();
  const form = page.getByRole("form", { name: "Send SMS" });
  await form.getByLabel("To").fill("+1");
  await form.getByLabel("Message").fill("hello");
  await form.getByRole("button", { name: "Send SMS" }).click();
  await expect(form.getByLabel("To")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("alert")).toBeVisible();
  await page.screenshot({ path: join(screenshots, "send-422.png") });
});

test("a 400-character message goes out in parts and turns sent", async ({ page, gateway }) => {
  await page.goto(gateway.uiUrl);
  await openPage(page, "Messages");
  await page.getByRole("button", { name: "New message" }).first().click();
  const form = page.getByRole("form", { name: "Send SMS" });
  await form.getByLabel("To").fill("+4915112345678");
  const body = `Long ${Date.now()} `.padEnd(400, "abcdefghij ");
  await form.getByRole("textbox", { name: "Message" }).fill(body);
  await expect(form.getByTestId("segment-counter")).toContainText("3 SMS");
  await form.getByRole("button", { name: "Send SMS" }).click();

  const row = page.getByRole("row").filter({ hasText: body.slice(0, 20) });
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", /^(sent|delivered)$/, {
    timeout: 30_000,
  });
  await expect(row).toContainText("3 · GSM-7");
});
