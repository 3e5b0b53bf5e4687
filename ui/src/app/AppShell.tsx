import { Inbox, LayoutDashboard, MessagesSquare, RadioTower, Settings, Usb } from "lucide-react";
import { NavLink, Outlet } from "react-router";
import { Toaster } from "@/components/ui/toaster";
import { ConnectionStatus } from "@/features/system/components/ConnectionStatus";
import { cn } from "@/lib/utils";

// Only pages that exist are listed; Contacts, Templates and Campaigns join as
// they are built.
const NAV = [
  { to: "/dashboard", label: "Dashboard", icon: LayoutDashboard },
  { to: "/inbox", label: "Inbox", icon: Inbox },
  { to: "/messages", label: "Messages", icon: MessagesSquare },
  { to: "/modems", label: "Modems", icon: Usb },
  { to: "/settings", label: "Settings", icon: Settings },
];

export function AppShell() {
  return (
    <div className="flex h-full">
      <aside className="flex w-16 shrink-0 flex-col bg-sidebar text-sidebar-foreground md:w-60">
        <div className="flex items-center gap-2.5 px-4 py-5 md:px-5">
          <div className="flex size-8 items-center justify-center rounded-lg bg-primary text-white shadow">
            <RadioTower className="size-4.5" />
          </div>
          <div className="leading-tight max-md:hidden">
            <p className="font-semibold text-white">SimGate</p>
            <p className="text-[11px] text-sidebar-foreground/60">SMS gateway</p>
          </div>
        </div>
        <nav className="flex-1 space-y-0.5 px-2 py-2 md:px-3" aria-label="Main">
          {NAV.map(({ to, label, icon: Icon }) => (
            <NavLink
              key={to}
              to={to}
              className={({ isActive }) =>
                cn(
                  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors max-md:justify-center",
                  isActive
                    ? "bg-sidebar-accent text-white"
                    : "text-sidebar-foreground/80 hover:bg-sidebar-accent/60 hover:text-white",
                )
              }
            >
              <Icon className="size-4 shrink-0" />
              <span className="max-md:sr-only">{label}</span>
            </NavLink>
          ))}
        </nav>
        <div className="border-t border-white/10 px-4 py-4 md:px-5">
          <ConnectionStatus />
        </div>
      </aside>
      <main className="min-w-0 flex-1 overflow-y-auto">
        <Outlet />
      </main>
      <Toaster />
    </div>
  );
}
