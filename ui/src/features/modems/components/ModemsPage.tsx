import { AlertCircle, Usb } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useModems } from "../api/modems";
import { useModemEvents } from "../hooks/use-modem-events";
import { ModemCard } from "./ModemCard";

/** The modems the gateway drives, refreshed live. */
export function ModemsPage() {
  useModemEvents();
  const { data: modems, isPending, error, refetch } = useModems();
  return (
    <div className="mx-auto w-full max-w-6xl space-y-6 p-6 lg:p-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Modems</h1>
        <p className="text-sm text-muted-foreground">
          The USB modems (and demo modems) SimGate sends through.
        </p>
      </header>
      {isPending ? (
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          <Skeleton className="h-28" />
          <Skeleton className="h-28" />
        </div>
      ) : error ? (
        <Card>
          <EmptyState
            icon={AlertCircle}
            title="Could not load modems"
            action={
              <Button variant="outline" onClick={() => void refetch()}>
                Try again
              </Button>
            }
          >
            {error.message}
          </EmptyState>
        </Card>
      ) : modems.length === 0 ? (
        <Card>
          <EmptyState icon={Usb} title="No modems connected">
            Plug in a USB GSM modem with a SIM card and restart SimGate, or start it with{" "}
            <code className="font-mono text-xs">--demo</code> to try it with a simulated modem.
          </EmptyState>
        </Card>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2 2xl:grid-cols-3">
          {modems.map((m) => (
            <ModemCard key={m.name} modem={m} />
          ))}
        </div>
      )}
    </div>
  );
}
