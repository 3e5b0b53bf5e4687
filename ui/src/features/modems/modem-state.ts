import type { BadgeTone } from "@/components/ui/badge";

/** How each modem state is shown. */
export const MODEM_STATE: Record<string, { label: string; tone: BadgeTone }> = {
  connecting: { label: "Connecting", tone: "progress" },
  sim_locked: { label: "SIM locked", tone: "warning" },
  searching: { label: "Searching network", tone: "progress" },
  ready: { label: "Ready", tone: "success" },
  offline: { label: "Offline", tone: "muted" },
  error: { label: "Error", tone: "danger" },
};

export const REGISTRATION: Record<string, string> = {
  not_registered: "Not registered",
  home: "Home network",
  searching: "Searching",
  denied: "Registration denied",
  unknown: "Unknown",
  roaming: "Roaming",
  emergency_only: "Emergency calls only",
};
