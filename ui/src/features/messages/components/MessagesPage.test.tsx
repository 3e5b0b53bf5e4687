import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { FakeGateway } from "@/test/fake-gateway";
import { renderWithGateway } from "@/test/render";
import { MessagesPage } from "./MessagesPage";

function rowFor(text: string) {
  const row = screen
    .getAllByText(text)
    .map((el) => el.closest("tr"))
    .find(Boolean);
  if (!row) throw new Error(`no table row shows ${text}`);
  return row;
}

describe("MessagesPage", () => {
  it("shows an empty state when nothing was sent yet", async () => {
    renderWithGateway(<MessagesPage />);
    expect(await screen.findByText("No messages yet")).toBeInTheDocument();
  });

  it("follows a message from queued to sent from server events, without reloading", async () => {
    const gateway = new FakeGateway();
    const m = gateway.add({ to: "+4915112345678", body: "Pickup at 5pm" });
    renderWithGateway(<MessagesPage />, gateway);

    await screen.findByText("Pickup at 5pm");
    expect(within(rowFor("Pickup at 5pm")).getByText("Queued")).toBeInTheDocument();
    await waitFor(() => expect(gateway.openStreams).toBe(1));

    gateway.advance(m.id, "sending", { modem: "demo-1" });
    await waitFor(() =>
      expect(within(rowFor("Pickup at 5pm")).getByText("Sending")).toBeInTheDocument(),
    );
    gateway.advance(m.id, "sent");
    await waitFor(() =>
      expect(within(rowFor("Pickup at 5pm")).getByText("Sent")).toBeInTheDocument(),
    );
    expect(within(rowFor("Pickup at 5pm")).getByText("demo-1")).toBeInTheDocument();
  });

  it("lists newest first and opens a message's timeline", async () => {
    const gateway = new FakeGateway();
    gateway.add({ to: "+4915100000001", body: "first" });
    const second = gateway.add({ to: "+4915100000002", body: "second" });
    gateway.advance(second.id, "sending");
    gateway.advance(second.id, "failed", { error: "+CMS ERROR: 38 (network out of order)" });
    renderWithGateway(<MessagesPage />, gateway);

    await screen.findByText("first");
    const bodies = screen
      .getAllByRole("row")
      .slice(1)
      .map((r) => r.querySelector("td:nth-child(2) p")?.textContent);
    expect(bodies).toEqual(["second", "first"]);

    await userEvent.setup().click(rowFor("second"));
    const drawer = await screen.findByRole("dialog", { name: "Message details" });
    const timeline = within(drawer).getByRole("list");
    expect(
      within(timeline)
        .getAllByRole("listitem")
        .map((li) => li.querySelector("p")?.textContent),
    ).toEqual(["Queued", "Sending", "Failed"]);
    expect(
      within(drawer).getAllByText("+CMS ERROR: 38 (network out of order)").length,
    ).toBeGreaterThan(0);
  });

  it("renders only the rows in view and loads older pages while scrolling", async () => {
    const gateway = new FakeGateway();
    for (let i = 0; i < 250; i++) gateway.add({ to: "+4915100000000", body: `note ${i}` });
    renderWithGateway(<MessagesPage />, gateway);

    await screen.findByText("note 249");
    expect(screen.getByText("100 messages loaded")).toBeInTheDocument();
    const rendered = screen.getAllByRole("row").length;
    expect(rendered).toBeLessThan(60);

    const scroller = screen.getByTestId("messages-scroll");
    scroller.scrollTop = 100 * 56 - 800;
    fireEvent.scroll(scroller);
    expect(await screen.findByText("200 messages loaded")).toBeInTheDocument();
    expect(gateway.requests.filter((r) => r.path === "/api/v1/messages")).toHaveLength(2);
  });

  it("filters by status through the gateway and explains why a message waits", async () => {
    const gateway = new FakeGateway();
    gateway.add({ to: "+4915100000001", body: "stuck", reason: "modem offline" });
    const failed = gateway.add({ to: "+4915100000002", body: "broken" });
    gateway.advance(failed.id, "failed", { error: "+CMS ERROR: 500 (unknown error)" });
    renderWithGateway(<MessagesPage />, gateway);
    const user = userEvent.setup();

    expect(await screen.findByText("modem offline")).toBeInTheDocument();
    await user.click(screen.getByRole("radio", { name: "Failed" }));
    await waitFor(() => expect(screen.queryByText("stuck")).toBeNull());
    expect(screen.getByText("broken")).toBeInTheDocument();
    expect(
      gateway.requests.some((r) => r.path === "/api/v1/messages" && r.query === "failed"),
    ).toBe(true);

    await user.click(screen.getByRole("radio", { name: "Delivered" }));
    expect(await screen.findByText("No delivered messages")).toBeInTheDocument();
  });

  it("exports every matching message as CSV, across pages", async () => {
    const gateway = new FakeGateway();
    for (let i = 0; i < 620; i++) gateway.add({ to: "+4915100000000", body: `row ${i}, "quoted"` });
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return "blob:csv";
    });
    URL.revokeObjectURL = vi.fn();
    renderWithGateway(<MessagesPage />, gateway);
    const user = userEvent.setup();
    await screen.findByText('row 619, "quoted"');

    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0]!);
    });
    const lines = text
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "id,to,status,reason,error,encoding,segments,modem,created_at,updated_at,body",
    );
    expect(lines).toHaveLength(621);
    expect(lines[1]).toMatch(/^msg-620,\+4915100000000,queued,.*,"row 619, ""quoted"""$/);
  });

  it("tells the user an uncertain message is never resent on its own", async () => {
    const gateway = new FakeGateway();
    const m = gateway.add({ to: "+4915100000003", body: "maybe gone" });
    gateway.advance(m.id, "sending");
    gateway.advance(m.id, "uncertain");
    renderWithGateway(<MessagesPage />, gateway);
    await userEvent.setup().click(await screen.findByText("maybe gone"));
    const drawer = await screen.findByRole("dialog", { name: "Message details" });
    expect(within(drawer).getByText(/never resent automatically/)).toBeInTheDocument();
  });

  it("searches by number or text on the gateway as the user types", async () => {
    const gateway = new FakeGateway();
    gateway.add({ to: "+4915100000001", body: "Pickup ready" });
    gateway.add({ to: "+4915100000002", body: "Invoice attached" });
    renderWithGateway(<MessagesPage />, gateway);
    const user = userEvent.setup();
    await screen.findByText("Pickup ready");

    await user.type(screen.getByRole("searchbox", { name: "Search messages" }), "invoice");
    await waitFor(() => expect(screen.queryByText("Pickup ready")).toBeNull());
    expect(screen.getByText("Invoice attached")).toBeInTheDocument();
    // Debounced: one search request for the whole word, not one per keystroke.
    expect(gateway.requests.filter((r) => r.search).map((r) => r.search)).toEqual(["invoice"]);

    await user.clear(screen.getByRole("searchbox", { name: "Search messages" }));
    await user.type(screen.getByRole("searchbox", { name: "Search messages" }), "nothing like it");
    expect(await screen.findByText("No messages match “nothing like it”")).toBeInTheDocument();
  });

  it("cancels a queued message and sends a failed one again from the drawer", async () => {
    const gateway = new FakeGateway();
    gateway.add({ to: "+4915100000001", body: "not yet" });
    const failed = gateway.add({ to: "+4915100000002", body: "went wrong" });
    gateway.advance(failed.id, "failed", { error: "+CMS ERROR: 38", attempts: 3 });
    renderWithGateway(<MessagesPage />, gateway);
    const user = userEvent.setup();

    await user.click(await screen.findByText("not yet"));
    let drawer = await screen.findByRole("dialog", { name: "Message details" });
    expect(within(drawer).queryByRole("button", { name: "Send again" })).toBeNull();
    await user.click(within(drawer).getByRole("button", { name: "Cancel message" }));
    await waitFor(() =>
      expect(within(rowFor("not yet")).getByText("Cancelled")).toBeInTheDocument(),
    );
    expect(gateway.requests.some((r) => r.method === "DELETE")).toBe(true);
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());

    await user.click(screen.getByText("went wrong"));
    drawer = await screen.findByRole("dialog", { name: "Message details" });
    expect(within(drawer).getByText("3")).toBeInTheDocument();
    expect(within(drawer).queryByRole("button", { name: "Cancel message" })).toBeNull();
    await user.click(within(drawer).getByRole("button", { name: "Send again" }));
    await waitFor(() =>
      expect(within(rowFor("went wrong")).getByText("Queued")).toBeInTheDocument(),
    );
  });

  it("shows why the gateway refused an action", async () => {
    const gateway = new FakeGateway();
    const m = gateway.add({ to: "+4915100000001", body: "racing" });
    renderWithGateway(<MessagesPage />, gateway);
    const user = userEvent.setup();
    await user.click(await screen.findByText("racing"));
    const drawer = await screen.findByRole("dialog", { name: "Message details" });
    const cancel = await within(drawer).findByRole("button", { name: "Cancel message" });
    // The engine picked it up meanwhile; the event has not arrived yet.
    m.status = "sending";
    await user.click(cancel);
    expect(await within(drawer).findByRole("alert")).toHaveTextContent(
      "a sending message cannot be cancelled",
    );
  });

  it("shows one modem's messages when opened from its card, and can drop that filter", async () => {
    const gateway = new FakeGateway();
    gateway.add({ to: "+4915100000001", body: "via one", modem: "demo-1" });
    gateway.add({ to: "+4915100000002", body: "via two", modem: "demo-2" });
    renderWithGateway(<MessagesPage />, gateway, { route: "/?modem=demo-2" });
    const user = userEvent.setup();

    expect(await screen.findByText("via two")).toBeInTheDocument();
    expect(screen.queryByText("via one")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Show messages of all modems" }));
    expect(await screen.findByText("via one")).toBeInTheDocument();
  });
});
