import { join } from "node:path";
import { expect, screenshots, test } from "./fixtures";

test("the segment counter follows typing and swaps in GSM-7 look-alikes", async ({
  page,
  gateway,
}) => {
  await page.goto(gateway.uiUrl);
  await page.getByRole("button", { name: "New message" }).first().click();
  const form = page.getByRole("form", { name: "Send SMS" });
  const message = form.getByRole("textbox", { name: "Message" });
  const counter = form.getByTestId("segment-counter");

  // 100 characters with a typographic apostrophe: Unicode, so 2 SMS of 67.
  const text =
    "We\u2019re open until 6 today. Your repaired phone is ready; bring the receipt, please. Thank you!!!";
  await message.fill(text);
  await expect(counter).toContainText("Unicode");
  await expect(counter).toContainText("2 SMS");
  await expect(
    form.getByLabel("Text with Unicode characters highlighted").locator("mark"),
  ).toHaveText("\u2019");
  await page.screenshot({ path: join(screenshots, "segment-counter.png") });

  await form.getByRole("button", { name: /Use GSM-7 look-alikes \(saves 1 SMS\)/ }).click();
  await expect(message).toHaveValue(text.replace("\u2019", "'"));
  await expect(counter).toContainText("GSM-7");
  await expect(counter).toContainText("1 SMS");
});
