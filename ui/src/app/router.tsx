import { useQueryClient } from "@tanstack/react-query";
import { useState, type ReactElement } from "react";
import { createHashRouter, Navigate, RouterProvider, type RouteObject } from "react-router";
import { toast } from "@/components/ui/toaster";
import { messageKeys } from "@/features/messages/api/messages";
import { InboxPage } from "@/features/inbox/components/InboxPage";
import { MessagesPage } from "@/features/messages/components/MessagesPage";
import { ModemsPage } from "@/features/modems/components/ModemsPage";
import { SettingsPage } from "@/features/settings/components/SettingsPage";
import { ComposeDialog } from "@/features/send/components/ComposeDialog";
import { AppShell } from "./AppShell";
import { DashboardPage } from "./DashboardPage";

/** Renders a page with the "New message" action wired to refresh and confirm. */
function WithCompose({
  page,
}: {
  page: (compose: ReactElement, sentId: string | null) => ReactElement;
}) {
  const queryClient = useQueryClient();
  const [sentId, setSentId] = useState<string | null>(null);
  const compose = (
    <ComposeDialog
      onSent={(message) => {
        setSentId(message.id);
        toast("Message queued", `To ${message.to}. Its status updates live.`);
        void queryClient.invalidateQueries({ queryKey: messageKeys.all });
      }}
    />
  );
  return page(compose, sentId);
}

// Hash routing: works the same whether the UI is served by `simgate serve`,
// loaded from disk by the desktop shell, or by any static file server.
const routes: RouteObject[] = [
  {
    element: <AppShell />,
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      {
        path: "dashboard",
        element: <WithCompose page={(compose) => <DashboardPage composeAction={compose} />} />,
      },
      {
        path: "messages",
        element: (
          <WithCompose
            page={(compose, sentId) => (
              <MessagesPage composeAction={compose} highlightId={sentId} />
            )}
          />
        ),
      },
      { path: "inbox", element: <InboxPage /> },
      { path: "modems", element: <ModemsPage /> },
      { path: "settings", element: <SettingsPage /> },
      { path: "*", element: <Navigate to="/dashboard" replace /> },
    ],
  },
];

export function AppRouter() {
  const [router] = useState(() => createHashRouter(routes));
  return <RouterProvider router={router} />;
}
