import { useQuery } from "@tanstack/react-query";
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeGateway } from "@/test/fake-gateway";
import { renderWithGateway } from "@/test/render";
import { unwrap } from "./client";
import { useApiClient, useServerEvent, useStreamState } from "./context";

function Probe({ onEvent }: { onEvent?: (data: unknown) => void }) {
  const client = useApiClient();
  const state = useStreamState();
  const { data } = useQuery({
    queryKey: ["health-probe"],
    queryFn: () => unwrap(client.GET("/api/v1/health")),
    staleTime: Infinity,
  });
  useServerEvent("message.updated", (d) => onEvent?.(d));
  return (
    <p>
      {state} {data?.version}
    </p>
  );
}

describe("ApiProvider", () => {
  it("opens one event stream and hands parsed event data to subscribers", async () => {
    const seen: unknown[] = [];
    const { gateway } = renderWithGateway(<Probe onEvent={(d) => seen.push(d)} />);
    await screen.findByText("open 0.1.0");
    gateway.emit("message.updated", { id: "m1", status: "sent" });
    gateway.emit("other.event", { id: "x" });
    await waitFor(() => expect(seen).toEqual([{ id: "m1", status: "sent" }]));
    expect(gateway.openStreams).toBe(1);
  });

  it("refetches every query when the server asks for a resync", async () => {
    const { gateway } = renderWithGateway(<Probe />);
    await screen.findByText("open 0.1.0");
    const healthCalls = () => gateway.requests.filter((r) => r.path === "/api/v1/health").length;
    expect(healthCalls()).toBe(1);
    gateway.emit("resync", { missed: 12 });
    await waitFor(() => expect(healthCalls()).toBe(2));
  });

  it("reports a rejected token", async () => {
    const gateway = new FakeGateway();
    gateway.token = "other";
    renderWithGateway(<Probe />, gateway);
    expect(await screen.findByText(/unauthorized/)).toBeInTheDocument();
  });
});
