import type { ReactNode } from "react";
import { RecentMessages } from "@/features/messages/components/RecentMessages";
import { ModemsSummary } from "@/features/modems/components/ModemsSummary";
import { StatCards } from "@/features/stats/components/StatCards";

/** The landing page: counts by state, the latest messages and the modems, all live. */
export function DashboardPage({ composeAction }: { composeAction?: ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-6xl space-y-6 p-6 lg:p-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
          <p className="text-sm text-muted-foreground">Your SMS gateway at a glance.</p>
        </div>
        {composeAction}
      </header>
      <StatCards />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <RecentMessages />
        </div>
        <ModemsSummary />
      </div>
    </div>
  );
}
