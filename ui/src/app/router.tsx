import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { createHashRouter, Navigate, RouterProvider } from "react-router";
import { messageKeys } from "@/features/messages/api/messages";
import { MessagesPage } from "@/features/messages/components/MessagesPage";
import { ModemsPage } from "@/features/modems/components/ModemsPage";
import { ComposeDialog } from "@/features/send/components/ComposeDialog";
import { toast } from "@/components/ui/toaster";
import { AppShell } from "./AppShell";

function MessagesRoute() {
  const queryClient = useQueryClient();
  const [sentId, setSentId] = useState<string | null>(null);
  return (
    <MessagesPage
      highlightId={sentId}
      composeAction={
        <ComposeDialog
          onSent={(message) => {
            setSentId(message.id);
            toast("Message queued", `To ${message.to}. Its status updates below.`);
            void queryClient.invalidateQueries({ queryKey: messageKeys.all });
          }}
        />
      }
    />
  );
}

// Hash routing: works the same whether the UI is served by `simgate serve`,
// loaded from disk by the desktop shell, or by any static file server.
const router = createHashRouter([
  {
    element: <AppShell />,
    children: [
      { index: true, element: <Navigate to="/messages" replace /> },
      { path: "messages", element: <MessagesRoute /> },
      { path: "modems", element: <ModemsPage /> },
      { path: "*", element: <Navigate to="/messages" replace /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
