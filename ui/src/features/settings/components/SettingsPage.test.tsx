import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { FakeGateway, fakeModem } from "@/test/fake-gateway";
import { renderWithGateway } from "@/test/render";
import { SettingsPage } from "./SettingsPage";

function setup() {
  const gateway = new FakeGateway();
  gateway.modems = [fakeModem({ name: "demo-1", demo: true })];
  renderWithGateway(<SettingsPage />, gateway);
  return { gateway, user: userEvent.setup() };
}

const puts = (gateway: FakeGateway) => gateway.requests.filter((r) => r.method === "PUT");

describe("SettingsPage", () => {
  it("saves a marketing window and a SIM limit, keeping pools and rules", async () => {
    const { gateway, user } = setup();
    await user.click(await screen.findByRole("checkbox", { name: /marketing/i }));
    const from = screen.getByLabelText("marketing from");
    await user.clear(from);
    await user.type(from, "10:00");
    await user.type(screen.getByLabelText("demo-1 per day"), "200");
    await user.click(screen.getByRole("button", { name: "Save settings" }));

    await waitFor(() => expect(puts(gateway)).toHaveLength(1));
    expect(puts(gateway)[0]!.body).toMatchObject({
      pools: [{ name: "all", modems: ["demo-1"], strategy: "round-robin" }],
      windows: { marketing: { start: "10:00", end: "20:00" }, transactional: null },
      limits: { "demo-1": { per_day: 200 } },
    });
    // The gateway stored it and nothing went wrong on the way.
    await waitFor(() =>
      expect(gateway.routing).toMatchObject({ limits: { "demo-1": { per_day: 200 } } }),
    );
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("checks limits and windows before saving", async () => {
    const { gateway, user } = setup();
    await user.type(await screen.findByLabelText("demo-1 per hour"), "0");
    await user.click(screen.getByRole("checkbox", { name: /transactional/i }));
    const until = screen.getByLabelText("transactional until");
    await user.clear(until);
    await user.type(until, "09:00");
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("A whole number above 0")).toBeInTheDocument();
    expect(screen.getByText("Pick a start and an end time that differ")).toBeInTheDocument();
    expect(puts(gateway)).toHaveLength(0);
  });

  it("shows the gateway's own validation errors", async () => {
    const { user } = setup();
    const tz = await screen.findByLabelText("Time zone for unknown countries");
    await user.clear(tz);
    await user.type(tz, "+99:00");
    await user.click(screen.getByRole("button", { name: "Save settings" }));
    // Shown under the field the problem names, not only in a summary.
    const message = await screen.findByText("offset out of range");
    expect(tz).toHaveAttribute("aria-invalid", "true");
    expect(tz).toHaveAttribute("aria-describedby", message.id);
  });
});
