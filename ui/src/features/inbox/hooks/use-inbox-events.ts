import { useQueryClient } from "@tanstack/react-query";
import { useServerEvent } from "@/lib/api/context";
import { inboxKeys } from "../api/inbox";

/** Refreshes the inbox when an SMS arrives. */
export function useInboxEvents() {
  const queryClient = useQueryClient();
  useServerEvent("message.received", () => {
    void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
  });
}
