import { expect, openPage, test } from "./fixtures";

test("a scheduled message can be cancelled and sent again", async ({ page, gateway }) => {
  const body = `Scheduled ${Date.now()}`;
  const res = await fetch(`${gateway.baseUrl}/api/v1/messages`, {
    method: "POST",
    headers: { Authorization: `Bearer ${gateway.token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ to: "+4915112345678", body, schedule_at: "2099-01-01T09:00:00Z" }),
  });
  expect(res.status).toBe(202);

  await page.goto(gateway.uiUrl);
  await openPage(page, "Messages");
  // A CSS locator: while the drawer is open the table is hidden from the accessibility tree.
  const row = page.locator("tbody tr").filter({ hasText: body });
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "scheduled");
  await row.click();

  const drawer = page.getByRole("dialog", { name: "Message details" });
  await expect(drawer).toContainText("Waits for its scheduled time.");
  await drawer.getByRole("button", { name: "Cancel message" }).click();
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "cancelled");
  await expect(drawer.getByRole("listitem").filter({ hasText: "Cancelled" })).toBeVisible();

  await drawer.getByRole("button", { name: "Send again" }).click();
  await expect(row.locator("[data-status]")).not.toHaveAttribute("data-status", "cancelled");
  await expect(drawer.getByRole("button", { name: "Send again" })).toBeHidden();
});
