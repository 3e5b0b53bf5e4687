import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeGateway, fakeModem } from "@/test/fake-gateway";
import { renderWithGateway } from "@/test/render";
import { ModemsPage } from "./ModemsPage";

describe("ModemsPage", () => {
  it("shows one card per modem and follows modem.updated events", async () => {
    const gateway = new FakeGateway();
    gateway.modems = [fakeModem({ name: "demo-1", path: "/dev/pts/7", demo: true })];
    renderWithGateway(<ModemsPage />, gateway);

    expect(await screen.findByRole("article", { name: "Modem demo-1" })).toHaveTextContent(
      "Demo modem",
    );
    await waitFor(() => expect(gateway.openStreams).toBe(1));

    gateway.modems.push(fakeModem({ name: "ttyUSB2", path: "/dev/ttyUSB2" }));
    gateway.emit("modem.updated", { name: "ttyUSB2" });
    expect(await screen.findByRole("article", { name: "Modem ttyUSB2" })).toHaveTextContent(
      "USB modem",
    );
  });

  it("explains what to do when no modem is attached", async () => {
    renderWithGateway(<ModemsPage />);
    expect(await screen.findByText("No modems connected")).toBeInTheDocument();
  });
});
