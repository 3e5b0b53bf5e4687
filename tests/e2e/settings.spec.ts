import { expect, openPage, test } from "./fixtures";

test("sending rules are validated by the gateway and kept", async ({ page, gateway }) => {
  await page.goto(gateway.uiUrl);
  await openPage(page, "Settings");

  await page.getByRole("checkbox", { name: /marketing/i }).check();
  await page.getByLabel("marketing from").fill("09:30");
  await page.getByLabel("marketing until").fill("19:00");
  await page.getByLabel("demo-1 per day").fill("250");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved").first()).toBeVisible();

  const res = await fetch(`${gateway.baseUrl}/api/v1/routing`, {
    headers: { Authorization: `Bearer ${gateway.token}` },
  });
  const config = (await res.json()) as Record<string, unknown>;
  expect(config).toMatchObject({
    windows: { marketing: { start: "09:30", end: "19:00" } },
    limits: { "demo-1": { per_day: 250 } },
  });

  await page.reload();
  await expect(page.getByLabel("demo-1 per day")).toHaveValue("250");
  await expect(page.getByLabel("marketing from")).toHaveValue("09:30");
});
