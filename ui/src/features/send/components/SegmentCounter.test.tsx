import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { renderWithGateway } from "@/test/render";
import { SendForm } from "./SendForm";

const segmentCalls = (gateway: { requests: { path: string }[] }) =>
  gateway.requests.filter((r) => r.path === "/api/v1/segments");

describe("segment counter in the send form", () => {
  it("shows encoding, SMS count and characters left, asking the gateway once per pause", async () => {
    const { gateway } = renderWithGateway(<SendForm />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Message"), "Hello there");

    const counter = await screen.findByTestId("segment-counter");
    await waitFor(() => expect(counter).toHaveTextContent("149 characters left"));
    expect(counter).toHaveTextContent("GSM-7");
    expect(counter).toHaveTextContent("1 SMS");
    // Eleven keystrokes, but the planner was asked only after typing paused.
    expect(segmentCalls(gateway).length).toBeLessThan(3);
  });

  it("counts a long message in parts", async () => {
    renderWithGateway(<SendForm />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText("Message"));
    await user.paste("x".repeat(200));
    const counter = await screen.findByTestId("segment-counter");
    await waitFor(() => expect(counter).toHaveTextContent("2 SMS"));
    expect(counter).toHaveTextContent("106 characters left in this part");
  });

  it("highlights characters that force Unicode and swaps in GSM-7 look-alikes on request", async () => {
    renderWithGateway(<SendForm />);
    const user = userEvent.setup();
    const message = screen.getByLabelText("Message");
    const text =
      "We\u2019re open until 6 today. Your repaired phone is ready; bring the receipt, please!";
    await user.click(message);
    await user.paste(text);

    const highlighted = await screen.findByLabelText("Text with Unicode characters highlighted");
    expect(within(highlighted).getByText("\u2019").tagName).toBe("MARK");
    const counter = screen.getByTestId("segment-counter");
    expect(counter).toHaveTextContent("Unicode");
    expect(counter).toHaveTextContent("2 SMS");

    await user.click(
      await screen.findByRole("button", { name: "Use GSM-7 look-alikes (saves 1 SMS)" }),
    );
    expect(message).toHaveValue(text.replace("\u2019", "'"));
    await waitFor(() => expect(screen.getByTestId("segment-counter")).toHaveTextContent("GSM-7"));
    expect(screen.getByTestId("segment-counter")).toHaveTextContent("1 SMS");
    expect(screen.queryByLabelText("Text with Unicode characters highlighted")).toBeNull();
  });

  it("offers no look-alike swap when it would not save an SMS", async () => {
    renderWithGateway(<SendForm />);
    const user = userEvent.setup();
    await user.click(screen.getByLabelText("Message"));
    await user.paste("Grüße, we\u2019re open");
    await screen.findByLabelText("Text with Unicode characters highlighted");
    expect(screen.queryByRole("button", { name: /use gsm-7 look-alikes/i })).toBeNull();
  });
});
