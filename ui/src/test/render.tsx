import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { ApiProvider } from "@/lib/api/ApiProvider";
import { FakeGateway } from "./fake-gateway";

/** Renders `ui` connected to a fresh FakeGateway, as the app would be. */
export function renderWithGateway(
  ui: ReactElement,
  gateway = new FakeGateway(),
  { route = "/" }: { route?: string } = {},
) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const utils = render(
    <QueryClientProvider client={queryClient}>
      <ApiProvider baseUrl="http://gateway.test" token="test-token" fetch={gateway.fetch}>
        <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
      </ApiProvider>
    </QueryClientProvider>,
  );
  return { ...utils, gateway, queryClient };
}
