import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, openPage, screenshots, test } from "./fixtures";
import { startGateway, type Gateway } from "./gateway";

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

// Its own gateway with two demo modems, so the routing it saves does not leak into other tests.
const twoModems = test.extend<{ pair: Gateway }>({
  pair: async ({}, use) => {
    const gateway = await startGateway({ demoModems: 2 });
    await use(gateway);
    await gateway.stop();
  },
});

twoModems(
  "a failover pool and a +44 rule are kept and route UK numbers through the pool's first modem",
  async ({ page, pair }) => {
    await page.goto(pair.uiUrl);
    await openPage(page, "Settings");

    await page.getByRole("button", { name: "Add pool" }).click();
    const pool = page.getByRole("group", { name: "Pool 1" });
    await pool.getByLabel("Name").fill("uk");
    await pool.getByLabel("Add modem").selectOption("demo-1");
    await pool.getByLabel("Add modem").selectOption("demo-2");
    // demo-2 first: with failover it sends everything while it is up.
    await pool.getByRole("button", { name: "Move demo-2 up" }).click();
    await pool.getByLabel("Strategy").selectOption("failover");

    await page.getByRole("button", { name: "Add rule" }).click();
    const rule = page.getByRole("group", { name: "Rule 1" });
    await rule.getByLabel("Name").fill("UK numbers");
    await rule.getByLabel("Number starts with").fill("+44");
    await expect(rule.getByLabel("Send through pool")).toHaveValue("uk");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Settings saved").first()).toBeVisible();

    await page.reload();
    const kept = page.getByRole("group", { name: "Pool 1" });
    await expect(kept.getByLabel("Name")).toHaveValue("uk");
    await expect(kept.getByLabel("Strategy")).toHaveValue("failover");
    await expect(
      kept.getByRole("list", { name: "Modems in order" }).getByRole("listitem"),
    ).toHaveText(["1.demo-2", "2.demo-1"]);
    const keptRule = page.getByRole("group", { name: "Rule 1" });
    await expect(keptRule.getByLabel("Name")).toHaveValue("UK numbers");
    await expect(keptRule.getByLabel("Number starts with")).toHaveValue("+44");
    await expect(keptRule.getByLabel("Send through pool")).toHaveValue("uk");
    mkdirSync(screenshots, { recursive: true });
    // Tall enough for the whole page: the app scrolls inside its main pane, not the window.
    await page.setViewportSize({ width: 1280, height: 2600 });
    await page.screenshot({ path: join(screenshots, "settings-routing.png") });
    await page.setViewportSize({ width: 1280, height: 800 });

    await openPage(page, "Messages");
    await page.getByRole("button", { name: "New message" }).first().click();
    const form = page.getByRole("form", { name: "Send SMS" });
    await form.getByLabel("To").fill("+447911123456");
    const stamp = `Routed via the uk pool ${Date.now()}`;
    await form.getByLabel("Message").fill(`${stamp} #1`);
    await form.getByRole("button", { name: "Send SMS" }).click();
    await expect(form).toBeHidden();
    // Two more through the API: without the rule, two idle modems would share them.
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${pair.baseUrl}${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${pair.token}`, "Content-Type": "application/json" },
      });
    for (const n of [2, 3]) {
      const res = await api("/api/v1/messages", {
        method: "POST",
        body: JSON.stringify({ to: "+447911123457", body: `${stamp} #${n}` }),
      });
      expect(res.status).toBe(202);
    }

    await expect
      .poll(
        async () => {
          const res = await api(`/api/v1/messages?q=${encodeURIComponent(stamp)}`);
          const { items } = (await res.json()) as {
            items: { body: string; status: string; modem: string | null }[];
          };
          return items
            .map(
              (m) => `${m.body}: ${["sent", "delivered"].includes(m.status) ? m.modem : m.status}`,
            )
            .sort();
        },
        { timeout: 30_000 },
      )
      .toEqual([1, 2, 3].map((n) => `${stamp} #${n}: demo-2`));
  },
);
