import { AlertTriangle, CheckCircle2, Clock, Send, XCircle } from "lucide-react";
import type { LucideIcon } from "lucide-react";
import { Link } from "react-router";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";
import { useStats } from "../api/stats";
import { useStatsEvents } from "../hooks/use-stats-events";

interface Tile {
  label: string;
  statuses: string[];
  icon: LucideIcon;
  accent: string;
  /** Where a click on the tile leads (the Messages page, filtered). */
  status?: string;
  hideWhenZero?: boolean;
}

const TILES: Tile[] = [
  {
    label: "Waiting",
    statuses: ["scheduled", "queued", "sending"],
    icon: Clock,
    accent: "bg-amber-100 text-amber-700",
  },
  {
    label: "Sent",
    statuses: ["sent"],
    icon: Send,
    accent: "bg-emerald-100 text-emerald-700",
    status: "sent",
  },
  {
    label: "Delivered",
    statuses: ["delivered"],
    icon: CheckCircle2,
    accent: "bg-emerald-100 text-emerald-800",
    status: "delivered",
  },
  {
    label: "Failed",
    statuses: ["failed", "expired"],
    icon: XCircle,
    accent: "bg-red-100 text-red-700",
    status: "failed",
  },
  {
    label: "Uncertain",
    statuses: ["uncertain"],
    icon: AlertTriangle,
    accent: "bg-orange-100 text-orange-700",
    status: "uncertain",
    hideWhenZero: true,
  },
];

/** Message counts by state, live. Each tile opens the matching Messages view. */
export function StatCards() {
  useStatsEvents();
  const { data: stats, isPending, error } = useStats();
  if (isPending) {
    return (
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {TILES.slice(0, 4).map((t) => (
          <Skeleton key={t.label} className="h-24" />
        ))}
      </div>
    );
  }
  if (error) return <p className="text-sm text-red-600">Could not load counts: {error.message}</p>;

  const count = (t: Tile) => t.statuses.reduce((n, s) => n + (stats.by_status[s] ?? 0), 0);
  const tiles = TILES.filter((t) => !t.hideWhenZero || count(t) > 0);
  return (
    <div
      className={cn(
        "grid gap-4 sm:grid-cols-2",
        tiles.length > 4 ? "xl:grid-cols-5" : "xl:grid-cols-4",
      )}
    >
      {tiles.map((t) => (
        <Link
          key={t.label}
          to={t.status ? `/messages?status=${t.status}` : "/messages"}
          className="rounded-lg focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <Card className="flex items-center gap-4 p-5 transition-shadow hover:shadow-md">
            <div className={cn("flex size-10 items-center justify-center rounded-lg", t.accent)}>
              <t.icon className="size-5" />
            </div>
            <div>
              <p className="text-sm text-muted-foreground">{t.label}</p>
              <p className="text-2xl font-semibold tabular-nums" data-testid={`stat-${t.label}`}>
                {count(t).toLocaleString()}
              </p>
            </div>
          </Card>
        </Link>
      ))}
    </div>
  );
}
