import { useMutation, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "@/lib/api/client";
import { useApiClient } from "@/lib/api/context";
import type { paths } from "@/lib/api/schema";
import { modemKeys } from "./modems";

export type SimulateRequest = NonNullable<
  paths["/api/v1/modems/{name}/simulate"]["post"]["requestBody"]
>["content"]["application/json"];

function useModemMutation<T, R>(call: (name: string, input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, input }: { name: string; input: T }) => call(name, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: modemKeys.all }),
  });
}

/** Allow or stop sending through a modem. */
export function useSetEnabled() {
  const client = useApiClient();
  return useModemMutation((name, enabled: boolean) =>
    unwrap(
      client.POST("/api/v1/modems/{name}/enabled", {
        params: { path: { name } },
        body: { enabled },
      }),
    ),
  );
}

/** Enter the SIM PIN; the gateway never re-sends a rejected PIN. */
export function useEnterPin() {
  const client = useApiClient();
  return useModemMutation((name, pin: string) =>
    unwrap(client.POST("/api/v1/modems/{name}/pin", { params: { path: { name } }, body: { pin } })),
  );
}

/** Run a USSD code such as *100# and get the network's reply. */
export function useUssd() {
  const client = useApiClient();
  return useModemMutation((name, code: string) =>
    unwrap(
      client.POST("/api/v1/modems/{name}/ussd", { params: { path: { name } }, body: { code } }),
    ),
  );
}

/** Queue a test SMS that only this modem may send (routing rules do not apply). */
export function useSendTest() {
  const client = useApiClient();
  return useModemMutation((name, to: string) =>
    unwrap(
      client.POST("/api/v1/messages", {
        body: { to, body: `SimGate test message from ${name}`, modem: name },
      }),
    ),
  );
}

/** Demo modems only: an incoming SMS, an unplug or a replug. */
export function useSimulate() {
  const client = useApiClient();
  return useModemMutation((name, input: SimulateRequest) =>
    unwrap(
      client.POST("/api/v1/modems/{name}/simulate", { params: { path: { name } }, body: input }),
    ),
  );
}
