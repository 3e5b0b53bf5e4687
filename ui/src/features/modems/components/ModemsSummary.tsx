import { ArrowRight, Cpu, Usb } from "lucide-react";
import { Link } from "react-router";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useModems } from "../api/modems";
import { useModemEvents } from "../hooks/use-modem-events";

/** A compact list of modems for the dashboard. */
export function ModemsSummary() {
  useModemEvents();
  const { data: modems, isPending } = useModems();
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle>Modems</CardTitle>
        <Link
          to="/modems"
          className="flex items-center gap-1 text-sm font-medium text-primary hover:underline"
        >
          Details <ArrowRight className="size-3.5" />
        </Link>
      </CardHeader>
      {isPending ? (
        <div className="px-5 pb-5">
          <Skeleton className="h-10" />
        </div>
      ) : !modems?.length ? (
        <p className="px-5 pb-5 text-sm text-muted-foreground">
          No modem connected. Plug in a USB GSM modem, or start SimGate with{" "}
          <code className="font-mono text-xs">--demo</code>.
        </p>
      ) : (
        <ul className="divide-y border-t" aria-label="Modems">
          {modems.map((m) => {
            const Icon = m.demo ? Cpu : Usb;
            return (
              <li key={m.name} className="flex items-center gap-3 px-5 py-3 text-sm">
                <Icon className="size-4 text-muted-foreground" />
                <span className="font-medium">{m.name}</span>
                <span className="min-w-0 flex-1 truncate font-mono text-xs text-muted-foreground">
                  {m.path}
                </span>
                {m.demo && <Badge tone="info">Demo</Badge>}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
