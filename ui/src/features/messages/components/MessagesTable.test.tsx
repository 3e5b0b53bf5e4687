import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Message } from "@/lib/api/types";
import { MessagesTable } from "./MessagesTable";

function many(count: number): Message[] {
  const at = "2026-11-26T12:00:00.000Z";
  return Array.from({ length: count }, (_, i) => ({
    id: `m${i}`,
    to: "+4915112345678",
    body: `message number ${i}`,
    status: "sent",
    encoding: "gsm7",
    segments: 1,
    priority: "normal",
    category: "transactional",
    attempts: 0,
    modem: "demo-1",
    error: null,
    reason: null,
    created_at: at,
    updated_at: at,
    history: [],
  }));
}

describe("MessagesTable", () => {
  it("keeps only the rows in view in the page, even with 100,000 messages", () => {
    const onNearEnd = vi.fn();
    render(<MessagesTable messages={many(100_000)} onOpen={() => {}} onNearEnd={onNearEnd} />);
    const rows = () => screen.getAllByRole("row").filter((r) => r.hasAttribute("data-message-id"));
    expect(rows().length).toBeLessThan(50);
    expect(rows()[0]).toHaveTextContent("message number 0");
    expect(onNearEnd).not.toHaveBeenCalled();

    // Jump to the end: the last messages are rendered and the next page is asked for.
    const scroller = screen.getByTestId("messages-scroll");
    scroller.scrollTop = 100_000 * 56 - 800;
    fireEvent.scroll(scroller);
    expect(screen.getByText("message number 99999")).toBeInTheDocument();
    expect(rows().length).toBeLessThan(50);
    expect(onNearEnd).toHaveBeenCalled();
  });

  it("opens a message with the keyboard", () => {
    const onOpen = vi.fn();
    render(<MessagesTable messages={many(3)} onOpen={onOpen} />);
    const row = screen.getByText("message number 1").closest("tr")!;
    fireEvent.keyDown(row, { key: "Enter" });
    expect(onOpen).toHaveBeenCalledWith("m1");
  });
});
