import { join } from "node:path";
import { expect, screenshots, test } from "./fixtures";

test("the dashboard counts a message sent from it, live", async ({ page, gateway }) => {
  await page.goto(gateway.uiUrl);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  // With delivery reports a message moves from Sent to Delivered a few seconds later.
  const sent = page.getByTestId("stat-Sent");
  const delivered = page.getByTestId("stat-Delivered");
  await expect(sent).toHaveText(/^\d+$/);
  const total = async () =>
    Number(await sent.textContent()) + Number(await delivered.textContent());
  const before = await total();

  await page.getByRole("button", { name: "New message" }).click();
  const form = page.getByRole("form", { name: "Send SMS" });
  await form.getByLabel("To").fill("+4915112345678");
  const body = `Dashboard check ${Date.now()}`;
  await form.getByRole("textbox", { name: "Message" }).fill(body);
  await form.getByRole("button", { name: "Send SMS" }).click();

  await expect.poll(total, { timeout: 30_000 }).toBe(before + 1);
  const recent = page.getByRole("list", { name: "Recent messages" });
  await expect(recent.getByRole("listitem").filter({ hasText: body })).toContainText(
    /Sent|Delivered/,
  );
  await expect(page.getByRole("list", { name: "Modems" })).toContainText("demo-1");
  await page.screenshot({ path: join(screenshots, "dashboard.png") });
});
