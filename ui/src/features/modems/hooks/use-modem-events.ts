import { useQueryClient } from "@tanstack/react-query";
import { useServerEvent } from "@/lib/api/context";
import { modemKeys } from "../api/modems";

/** Refreshes the modem list whenever the gateway reports a modem change. */
export function useModemEvents() {
  const queryClient = useQueryClient();
  useServerEvent("modem.updated", () => {
    void queryClient.invalidateQueries({ queryKey: modemKeys.all });
  });
}
