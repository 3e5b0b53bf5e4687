import { screen, waitFor, within, render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeGateway, fakeModem } from "@/test/fake-gateway";
import { App } from "./App";

afterEach(() => {
  delete window.__SIMGATE__;
  window.history.replaceState(null, "", "/");
  vi.unstubAllGlobals();
});

describe("App", () => {
  it("asks for a token, rejects a wrong one, then opens the dashboard", async () => {
    const gateway = new FakeGateway();
    vi.stubGlobal("fetch", gateway.fetch);
    render(<App />);
    const user = userEvent.setup();

    await user.type(await screen.findByLabelText("API token"), "nope");
    await user.click(screen.getByRole("button", { name: "Connect" }));
    expect(await screen.findByText(/did not accept that token/)).toBeInTheDocument();

    await user.clear(screen.getByLabelText("API token"));
    await user.type(screen.getByLabelText("API token"), "test-token");
    await user.click(screen.getByRole("button", { name: "Connect" }));
    expect(await screen.findByRole("heading", { name: "Dashboard" })).toBeInTheDocument();
  });

  it("sends from the dialog, confirms with a toast and highlights the new row", async () => {
    const gateway = new FakeGateway();
    vi.stubGlobal("fetch", gateway.fetch);
    window.__SIMGATE__ = { baseUrl: "http://gateway.test", token: "test-token" };
    render(<App />);
    const user = userEvent.setup();

    const nav = await screen.findByRole("navigation", { name: "Main" });
    await user.click(within(nav).getByRole("link", { name: "Messages" }));
    await screen.findByRole("heading", { name: "Messages" });
    await user.click(await screen.findByRole("button", { name: "New message" }));
    const dialog = await screen.findByRole("dialog", { name: "New message" });
    await user.type(within(dialog).getByLabelText("To"), "+4915112345678");
    await user.type(within(dialog).getByRole("textbox", { name: "Message" }), "See you at 5");
    await user.click(within(dialog).getByRole("button", { name: "Send SMS" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(await screen.findByText("Message queued")).toBeInTheDocument();
    const row = (await screen.findByText("See you at 5")).closest("tr")!;
    expect(row).toHaveAttribute("data-highlighted", "true");
    expect(gateway.requests.every((r) => r.auth === "Bearer test-token")).toBe(true);
  });

  it("opens the send form with the N key", async () => {
    vi.stubGlobal("fetch", new FakeGateway().fetch);
    window.__SIMGATE__ = { baseUrl: "http://gateway.test", token: "test-token" };
    render(<App />);
    await screen.findByRole("heading", { name: "Dashboard" });
    await userEvent.setup().keyboard("n");
    expect(await screen.findByRole("dialog", { name: "New message" })).toBeInTheDocument();
  });

  it("counts messages by state on the dashboard, live", async () => {
    const gateway = new FakeGateway();
    const m = gateway.add({ to: "+4915112345678", body: "counting" });
    gateway.modems = [fakeModem({ name: "demo-1", path: "/dev/pts/3", demo: true })];
    vi.stubGlobal("fetch", gateway.fetch);
    window.__SIMGATE__ = { baseUrl: "http://gateway.test", token: "test-token" };
    render(<App />);

    await screen.findByRole("heading", { name: "Dashboard" });
    await waitFor(() => expect(screen.getByTestId("stat-Waiting")).toHaveTextContent("1"));
    expect(screen.getByTestId("stat-Sent")).toHaveTextContent("0");
    expect(within(screen.getByRole("list", { name: "Modems" })).getByText("demo-1")).toBeVisible();
    await waitFor(() => expect(gateway.openStreams).toBeGreaterThan(0));

    gateway.advance(m.id, "sent");
    await waitFor(() => expect(screen.getByTestId("stat-Sent")).toHaveTextContent("1"));
    expect(screen.getByTestId("stat-Waiting")).toHaveTextContent("0");
    expect(
      within(screen.getByRole("list", { name: "Recent messages" })).getByText("Sent"),
    ).toBeInTheDocument();
  });
});
