import { CheckCircle2, XIcon } from "lucide-react";
import { Toast as ToastPrimitive } from "radix-ui";
import { useSyncExternalStore } from "react";

interface ToastItem {
  id: number;
  title: string;
  description?: string;
}

// A tiny store so any part of the app can raise a toast without prop drilling.
let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const publish = () => listeners.forEach((l) => l());

// eslint-disable-next-line react-refresh/only-export-components
export function toast(title: string, description?: string) {
  items = [...items, { id: nextId++, title, description }].slice(-3);
  publish();
}

function dismiss(id: number) {
  items = items.filter((t) => t.id !== id);
  publish();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Renders raised toasts in the bottom-right corner; mount once in the shell. */
export function Toaster() {
  const toasts = useSyncExternalStore(subscribe, () => items);
  return (
    <ToastPrimitive.Provider duration={4000} swipeDirection="right">
      {toasts.map((t) => (
        <ToastPrimitive.Root
          key={t.id}
          onOpenChange={(open) => !open && dismiss(t.id)}
          className="flex items-start gap-3 rounded-lg border bg-card p-4 pr-8 shadow-lg animate-fade-in data-[state=closed]:opacity-0"
        >
          <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-emerald-600" />
          <div className="space-y-0.5">
            <ToastPrimitive.Title className="text-sm font-semibold">{t.title}</ToastPrimitive.Title>
            {t.description && (
              <ToastPrimitive.Description className="text-xs text-muted-foreground">
                {t.description}
              </ToastPrimitive.Description>
            )}
          </div>
          <ToastPrimitive.Close
            aria-label="Dismiss"
            className="absolute right-2 top-2 rounded p-1 text-muted-foreground hover:bg-muted"
          >
            <XIcon className="size-3.5" />
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport className="fixed bottom-4 right-4 z-[60] flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2 outline-none" />
    </ToastPrimitive.Provider>
  );
}
