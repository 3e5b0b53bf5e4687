import { readFileSync } from "node:fs";
import { expect, openPage, test } from "./fixtures";

test("filters by status and exports CSV from the real gateway", async ({ page, gateway }) => {
  // Seed through the public API, as an integration would.
  const tag = `csv-${Date.now()}`;
  for (const n of [1, 2]) {
    const res = await fetch(`${gateway.baseUrl}/api/v1/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${gateway.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ to: "+4915112345678", body: `${tag} number ${n}, with "quotes"` }),
    });
    expect(res.status).toBe(202);
  }

  await page.goto(gateway.uiUrl);
  await openPage(page, "Messages");
  const rows = page.getByRole("row").filter({ hasText: tag });
  await expect(rows).toHaveCount(2);
  // The demo network reports delivery a few seconds after sending.
  await expect(rows.locator('[data-status="delivered"]')).toHaveCount(2, { timeout: 30_000 });

  const filter = page.getByRole("radiogroup", { name: "Filter by status" });
  await filter.getByRole("radio", { name: "Failed" }).click();
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.getByText("No failed messages")).toBeVisible();
  await filter.getByRole("radio", { name: "Delivered" }).click();
  await expect(rows).toHaveCount(2);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^simgate-messages-delivered-.*\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8").replace(/^\ufeff/, "");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe(
    "id,to,status,reason,error,encoding,segments,modem,created_at,updated_at,body",
  );
  const ours = lines.filter((l) => l.includes(tag));
  expect(ours).toHaveLength(2);
  for (const line of ours) {
    expect(line).toMatch(/,\+4915112345678,delivered,/);
    expect(line).toContain(`number`);
    expect(line).toContain(`""quotes"""`);
  }
});
