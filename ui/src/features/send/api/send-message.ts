import { useMutation } from "@tanstack/react-query";
import { unwrap } from "@/lib/api/client";
import { useApiClient } from "@/lib/api/context";
import type { Message, SendMessageBody } from "@/lib/api/types";

export function useSendMessage(options: { onSuccess?: (message: Message) => void } = {}) {
  const client = useApiClient();
  return useMutation({
    mutationFn: (body: SendMessageBody) =>
      unwrap<Message>(client.POST("/api/v1/messages", { body })),
    onSuccess: options.onSuccess,
  });
}
