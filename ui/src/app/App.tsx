import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { TokenScreen } from "@/features/auth/components/TokenScreen";
import { ApiProvider } from "@/lib/api/ApiProvider";
import { forgetToken, resolveConnection, storeToken } from "@/lib/api/connection";
import { isUnauthorized } from "@/lib/api/errors";
import { AppRouter } from "./router";

function makeQueryClient(onUnauthorized: () => void) {
  const onError = (error: unknown) => {
    if (isUnauthorized(error)) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        // Live events keep data fresh; no refetch storms on window focus.
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => !isUnauthorized(error) && count < 2,
      },
    },
  });
}

export function App() {
  const [connection, setConnection] = useState(() => resolveConnection());
  const [rejected, setRejected] = useState(false);

  // Only state setters inside: stable for the life of the app.
  const handleUnauthorized = useCallback(() => {
    forgetToken();
    setRejected(true);
    setConnection((c) => ({ ...c, token: null }));
  }, []);
  const [queryClient] = useState(() => makeQueryClient(handleUnauthorized));

  if (!connection.token) {
    return (
      <TokenScreen
        rejected={rejected}
        onSubmit={(token) => {
          storeToken(token);
          queryClient.clear();
          setRejected(false);
          setConnection((c) => ({ ...c, token }));
        }}
      />
    );
  }

  return (
    <QueryClientProvider client={queryClient}>
      <ApiProvider
        baseUrl={connection.baseUrl}
        token={connection.token}
        onUnauthorized={handleUnauthorized}
      >
        <AppRouter />
      </ApiProvider>
    </QueryClientProvider>
  );
}
