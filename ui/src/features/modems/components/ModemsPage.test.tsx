import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FakeGateway, fakeModem } from "@/test/fake-gateway";
import { renderWithGateway } from "@/test/render";
import { ModemsPage } from "./ModemsPage";

describe("ModemsPage", () => {
  it("shows state, signal and SIM details, and follows modem.updated events", async () => {
    const gateway = new FakeGateway();
    gateway.modems = [
      fakeModem({
        name: "ttyUSB0",
        state: "ready",
        signal_bars: 3,
        signal_dbm: -71,
        operator: "Telekom.de",
        imei: "867123456789012",
        own_number: "+4915100000009",
        sent_today: 42,
      }),
    ];
    renderWithGateway(<ModemsPage />, gateway);

    const card = await screen.findByRole("article", { name: "Modem ttyUSB0" });
    expect(within(card).getByText("Ready")).toBeInTheDocument();
    expect(within(card).getByRole("img", { name: "Signal 3 of 4 bars, -71 dBm" })).toBeVisible();
    expect(card).toHaveTextContent("Telekom.de");
    expect(card).toHaveTextContent("867123456789012");
    expect(card).toHaveTextContent("42");
    await waitFor(() => expect(gateway.openStreams).toBe(1));

    gateway.modems[0] = {
      ...gateway.modems[0]!,
      state: "error",
      error: "+CME ERROR: 10 (SIM not inserted)",
    };
    gateway.modems.push(fakeModem({ name: "ttyUSB2", state: "sim_locked" }));
    gateway.emit("modem.updated", { name: "ttyUSB2" });
    expect(await screen.findByText("+CME ERROR: 10 (SIM not inserted)")).toBeInTheDocument();
    const locked = await screen.findByRole("article", { name: "Modem ttyUSB2" });
    expect(within(locked).getByText("SIM locked")).toBeInTheDocument();
    expect(within(locked).getByRole("button", { name: "Enter PIN" })).toBeInTheDocument();
  });

  it("pauses sending, runs USSD, and unplugs a demo modem", async () => {
    const gateway = new FakeGateway();
    gateway.modems = [fakeModem({ name: "demo-1", demo: true })];
    renderWithGateway(<ModemsPage />, gateway);
    const user = userEvent.setup();
    const card = await screen.findByRole("article", { name: "Modem demo-1" });

    await user.click(within(card).getByRole("button", { name: "Pause sending" }));
    expect(await within(card).findByText("Sending paused")).toBeInTheDocument();
    expect(within(card).getByRole("button", { name: "Resume sending" })).toBeInTheDocument();

    await user.click(within(card).getByRole("button", { name: "USSD" }));
    await user.click(within(card).getByRole("button", { name: "Run" }));
    expect(await within(card).findByLabelText("USSD reply")).toHaveTextContent(
      "Reply to *100#: 5,00 EUR",
    );

    await user.click(within(card).getByRole("button", { name: "Unplug" }));
    expect(await within(card).findByText("Offline")).toBeInTheDocument();
    await user.click(within(card).getByRole("button", { name: "Plug back in" }));
    expect(await within(card).findByText("Ready")).toBeInTheDocument();
  });

  it("sends a test SMS pinned to the modem it was started from", async () => {
    const gateway = new FakeGateway();
    gateway.modems = [fakeModem({ name: "ttyUSB0" }), fakeModem({ name: "ttyUSB2" })];
    renderWithGateway(<ModemsPage />, gateway);
    const user = userEvent.setup();
    const card = await screen.findByRole("article", { name: "Modem ttyUSB2" });

    await user.click(within(card).getByRole("button", { name: "Send test SMS" }));
    const form = within(card).getByRole("form", { name: "Test SMS" });
    await user.type(
      within(form).getByLabelText(/Send a test SMS through ttyUSB2/),
      "+4915112345678",
    );
    await user.click(within(form).getByRole("button", { name: "Send" }));

    expect(await within(form).findByRole("status")).toHaveTextContent(
      "Test message queued on ttyUSB2",
    );
    const sent = gateway.requests.find((r) => r.method === "POST" && r.path === "/api/v1/messages");
    expect(sent?.body).toMatchObject({ to: "+4915112345678", modem: "ttyUSB2" });
  });

  it("explains what to do when no modem is attached", async () => {
    renderWithGateway(<ModemsPage />);
    expect(await screen.findByText("No modems connected")).toBeInTheDocument();
  });
});
