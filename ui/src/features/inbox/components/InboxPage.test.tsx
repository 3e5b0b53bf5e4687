import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeGateway } from "@/test/fake-gateway";
import { renderWithGateway } from "@/test/render";
import { InboxPage } from "./InboxPage";

describe("InboxPage", () => {
  it("lists received SMS newest first and shows new ones as they arrive", async () => {
    const gateway = new FakeGateway();
    gateway.receive({ from: "+4915100000001", body: "Is my order ready?", modem: "demo-1" });
    renderWithGateway(<InboxPage />, gateway);

    const list = await screen.findByRole("list", { name: "Received messages" });
    expect(within(list).getByText("Is my order ready?")).toBeInTheDocument();
    await waitFor(() => expect(gateway.openStreams).toBe(1));

    gateway.receive({ from: "ACME", body: "Your balance is 5 EUR", modem: "demo-2" });
    await waitFor(() => expect(within(list).getAllByRole("listitem")).toHaveLength(2));
    const [newest] = within(list).getAllByRole("listitem");
    expect(newest).toHaveTextContent("Your balance is 5 EUR");
    expect(newest).toHaveTextContent("via demo-2");
  });

  it("says so when nothing arrived yet", async () => {
    renderWithGateway(<InboxPage />);
    expect(await screen.findByText("No messages received yet")).toBeInTheDocument();
  });
});
