import { expect, test } from "./fixtures";

test("without a token the UI asks for one", async ({ page, gateway }) => {
  await page.goto(gateway.baseUrl);
  await expect(page.getByRole("heading", { name: "Connect to SimGate" })).toBeVisible();
  await page.getByLabel("API token").fill("wrong-token");
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByText("did not accept that token")).toBeVisible();
  await page.getByLabel("API token").fill(gateway.token);
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
});
