import { useMutation, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "@/lib/api/client";
import { useApiClient } from "@/lib/api/context";
import type { Message } from "@/lib/api/types";
import { messageKeys } from "./messages";

/** `DELETE /api/v1/messages/{id}`: cancels a message that is not being sent yet. */
export function useCancelMessage() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap<Message>(client.DELETE("/api/v1/messages/{id}", { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: messageKeys.all }),
  });
}

/** `POST /api/v1/messages/{id}/retry`: queues a failed, uncertain, expired or cancelled message again. */
export function useRetryMessage() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap<Message>(client.POST("/api/v1/messages/{id}/retry", { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: messageKeys.all }),
  });
}

export const CANCELLABLE = new Set(["scheduled", "queued"]);
export const RETRYABLE = new Set(["failed", "uncertain", "expired", "cancelled"]);
