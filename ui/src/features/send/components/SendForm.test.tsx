import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { FakeGateway } from "@/test/fake-gateway";
import { renderWithGateway } from "@/test/render";
import { SendForm } from "./SendForm";

describe("SendForm", () => {
  it("sends the number without spaces and the text, then clears the form", async () => {
    const onSent = vi.fn();
    const { gateway } = renderWithGateway(<SendForm onSent={onSent} />);
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("To"), "+49 151 1234 5678");
    await user.type(screen.getByLabelText("Message"), "Your order is ready");
    await user.click(screen.getByRole("button", { name: /send sms/i }));

    await waitFor(() => expect(onSent).toHaveBeenCalled());
    const post = gateway.requests.find((r) => r.method === "POST" && r.path === "/api/v1/messages");
    expect(post?.body).toEqual({ to: "+4915112345678", body: "Your order is ready" });
    expect(post?.auth).toBe("Bearer test-token");
    expect(onSent.mock.calls[0]![0]).toMatchObject({ status: "queued", to: "+4915112345678" });
    expect(screen.getByLabelText("Message")).toHaveValue("");
  });

  it("shows the gateway's 422 field errors next to the fields", async () => {
    const gateway = new FakeGateway();
    gateway.rejectSend = {
      status: 422,
      problem: {
        type: "https://simgate.dev/problems/validation",
        title: "Invalid message",
        status: 422,
        detail: "The message could not be queued",
        errors: [{ field: "to", message: "+1 is not a valid phone number" }],
      },
    };
    renderWithGateway(<SendForm />, gateway);
    const user = userEvent.setup();

    await user.type(screen.getByLabelText("To"), "+1");
    await user.type(screen.getByLabelText("Message"), "hello");
    await user.click(screen.getByRole("button", { name: /send sms/i }));

    expect(await screen.findByText("+1 is not a valid phone number")).toBeInTheDocument();
    expect(screen.getByLabelText("To")).toHaveAttribute("aria-invalid", "true");
    // What the user typed stays, so it can be corrected.
    expect(screen.getByLabelText("Message")).toHaveValue("hello");
  });

  it("shows a problem without field errors as a message above the button", async () => {
    const gateway = new FakeGateway();
    gateway.rejectSend = {
      status: 503,
      problem: { type: "about:blank", title: "No modem available", status: 503 },
    };
    renderWithGateway(<SendForm />, gateway);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("To"), "+4915112345678");
    await user.type(screen.getByLabelText("Message"), "hello");
    await user.click(screen.getByRole("button", { name: /send sms/i }));
    expect(await screen.findByRole("alert")).toHaveTextContent("No modem available");
  });

  it("checks for an empty form before calling the gateway", async () => {
    const { gateway } = renderWithGateway(<SendForm />);
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: /send sms/i }));
    expect(await screen.findByText("Enter the recipient's phone number")).toBeInTheDocument();
    expect(screen.getByText("Write a message")).toBeInTheDocument();
    expect(gateway.requests.filter((r) => r.path === "/api/v1/messages")).toHaveLength(0);
  });

  it("sends with Ctrl+Enter from the message field", async () => {
    const onSent = vi.fn();
    renderWithGateway(<SendForm onSent={onSent} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("To"), "+4915112345678");
    await user.type(screen.getByLabelText("Message"), "Quick one{Control>}{Enter}{/Control}");
    await waitFor(() => expect(onSent).toHaveBeenCalledTimes(1));
  });

  it("sends priority, category and a later time when chosen", async () => {
    const onSent = vi.fn();
    const { gateway } = renderWithGateway(<SendForm onSent={onSent} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("To"), "+4915112345678");
    await user.type(screen.getByLabelText("Message"), "Spring sale!");
    await user.click(screen.getByText(/Options/));
    await user.selectOptions(screen.getByLabelText("Priority"), "bulk");
    await user.selectOptions(screen.getByLabelText("Category"), "marketing");
    const later = new Date(Date.now() + 24 * 3600_000);
    const local = new Date(later.getTime() - later.getTimezoneOffset() * 60_000)
      .toISOString()
      .slice(0, 16);
    await user.type(screen.getByLabelText("Send at"), local);
    await user.click(screen.getByRole("button", { name: /send sms/i }));

    await waitFor(() => expect(onSent).toHaveBeenCalled());
    const post = gateway.requests.find((r) => r.method === "POST" && r.path === "/api/v1/messages");
    expect(post?.body).toMatchObject({ priority: "bulk", category: "marketing" });
    const sentAt = new Date((post?.body as { schedule_at: string }).schedule_at);
    expect(Math.abs(sentAt.getTime() - later.getTime())).toBeLessThan(60_000);
  });

  it("refuses a time in the past", async () => {
    const { gateway } = renderWithGateway(<SendForm />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("To"), "+4915112345678");
    await user.type(screen.getByLabelText("Message"), "Too late");
    await user.click(screen.getByText(/Options/));
    await user.type(screen.getByLabelText("Send at"), "2020-01-01T10:00");
    await user.click(screen.getByRole("button", { name: /send sms/i }));
    expect(await screen.findByText("Pick a time in the future")).toBeInTheDocument();
    expect(gateway.requests.filter((r) => r.path === "/api/v1/messages")).toHaveLength(0);
  });
});
