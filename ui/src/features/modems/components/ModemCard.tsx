import {
  Cpu,
  KeyRound,
  Loader2,
  MessageSquareText,
  Pause,
  Play,
  Plug,
  PlugZap,
  Send,
  TerminalSquare,
  Usb,
} from "lucide-react";
import { useState, type FormEvent, type ReactNode } from "react";
import { Link } from "react-router";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { Modem } from "@/lib/api/types";
import {
  useEnterPin,
  useSendTest,
  useSetEnabled,
  useSimulate,
  useUssd,
} from "../api/modem-actions";
import { MODEM_STATE, REGISTRATION } from "../modem-state";
import { SignalBars } from "./SignalBars";

type Panel = "pin" | "ussd" | "test" | "incoming" | null;

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="truncate tabular-nums">{children ?? "—"}</dd>
    </>
  );
}

function ErrorText({ error }: { error: Error | null }) {
  return error ? (
    <p role="alert" className="text-xs text-red-600">
      {error.message}
    </p>
  ) : null;
}

/** One modem: live state, signal and SIM details, and what staff can do with it. */
export function ModemCard({ modem }: { modem: Modem }) {
  const [panel, setPanel] = useState<Panel>(null);
  const state = MODEM_STATE[modem.state] ?? { label: modem.state, tone: "neutral" as const };
  const setEnabled = useSetEnabled();
  const simulate = useSimulate();
  const Icon = modem.demo ? Cpu : Usb;
  const toggle = (p: Panel) => setPanel((cur) => (cur === p ? null : p));

  return (
    <Card className="flex flex-col p-5" role="article" aria-label={`Modem ${modem.name}`}>
      <div className="flex items-start justify-between gap-3">
        <div className="flex min-w-0 items-center gap-3">
          <div className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-primary/10 text-primary">
            <Icon className="size-5" />
          </div>
          <div className="min-w-0">
            <p className="flex items-center gap-2 font-semibold">
              {modem.name}
              {modem.demo && <Badge tone="info">Demo</Badge>}
            </p>
            <p className="truncate font-mono text-xs text-muted-foreground">{modem.path}</p>
          </div>
        </div>
        <div className="flex flex-col items-end gap-1">
          <Badge tone={state.tone} data-state={modem.state}>
            {state.label}
          </Badge>
          {!modem.enabled && <Badge tone="muted">Sending paused</Badge>}
        </div>
      </div>

      <div className="mt-4 flex items-center justify-between gap-3 rounded-md bg-muted/60 px-3 py-2 text-sm">
        <SignalBars bars={modem.signal_bars} dbm={modem.signal_dbm} />
        <span className="min-w-0 truncate text-right">
          {modem.operator ?? (modem.registration ? REGISTRATION[modem.registration] : "No network")}
          {modem.roaming && (
            <Badge tone="warning" className="ml-2">
              Roaming
            </Badge>
          )}
        </span>
      </div>

      {modem.error && (
        <p className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-700">
          {modem.error}
        </p>
      )}

      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
        <Detail label="Sent today">
          {modem.sent_today.toLocaleString()}{" "}
          <Link
            to={`/messages?modem=${encodeURIComponent(modem.name)}`}
            className="ml-1 text-xs font-medium text-primary hover:underline"
          >
            View messages
          </Link>
        </Detail>
        <Detail label="Own number">{modem.own_number}</Detail>
        <Detail label="Model">
          {[modem.manufacturer, modem.model].filter(Boolean).join(" ") || null}
        </Detail>
        <Detail label="IMEI">{modem.imei}</Detail>
        <Detail label="ICCID">{modem.iccid}</Detail>
      </dl>

      <div className="mt-4 flex flex-wrap gap-2 border-t pt-4">
        <Button
          size="sm"
          variant="outline"
          disabled={setEnabled.isPending}
          onClick={() => setEnabled.mutate({ name: modem.name, input: !modem.enabled })}
        >
          {setEnabled.isPending ? (
            <Loader2 className="animate-spin" />
          ) : modem.enabled ? (
            <Pause />
          ) : (
            <Play />
          )}
          {modem.enabled ? "Pause sending" : "Resume sending"}
        </Button>
        {modem.state === "sim_locked" && (
          <Button size="sm" variant="outline" onClick={() => toggle("pin")}>
            <KeyRound /> Enter PIN
          </Button>
        )}
        <Button size="sm" variant="outline" onClick={() => toggle("ussd")}>
          <TerminalSquare /> USSD
        </Button>
        <Button size="sm" variant="outline" onClick={() => toggle("test")}>
          <Send /> Send test SMS
        </Button>
        {modem.demo && (
          <>
            <Button size="sm" variant="outline" onClick={() => toggle("incoming")}>
              <MessageSquareText /> Simulate incoming SMS
            </Button>
            {modem.state === "offline" ? (
              <Button
                size="sm"
                variant="outline"
                disabled={simulate.isPending}
                onClick={() => simulate.mutate({ name: modem.name, input: { action: "replug" } })}
              >
                <PlugZap /> Plug back in
              </Button>
            ) : (
              <Button
                size="sm"
                variant="outline"
                disabled={simulate.isPending}
                onClick={() => simulate.mutate({ name: modem.name, input: { action: "unplug" } })}
              >
                <Plug /> Unplug
              </Button>
            )}
          </>
        )}
      </div>
      <ErrorText error={setEnabled.error ?? (panel === null ? simulate.error : null)} />

      {panel === "pin" && <PinForm name={modem.name} onDone={() => setPanel(null)} />}
      {panel === "ussd" && <UssdConsole name={modem.name} />}
      {panel === "test" && <TestSmsForm name={modem.name} />}
      {panel === "incoming" && <IncomingForm name={modem.name} onDone={() => setPanel(null)} />}
    </Card>
  );
}

function PinForm({ name, onDone }: { name: string; onDone: () => void }) {
  const [pin, setPin] = useState("");
  const enterPin = useEnterPin();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    enterPin.mutate({ name, input: pin }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} className="mt-4 space-y-2 rounded-md border p-3" aria-label="SIM PIN">
      <Label htmlFor={`pin-${name}`}>SIM PIN</Label>
      <p className="text-xs text-muted-foreground">
        A wrong PIN is never tried again automatically, so the SIM cannot get locked by SimGate.
      </p>
      <div className="flex gap-2">
        <Input
          id={`pin-${name}`}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          onChange={(e) => setPin(e.target.value)}
        />
        <Button type="submit" size="sm" className="h-9" disabled={!pin || enterPin.isPending}>
          Unlock
        </Button>
      </div>
      <ErrorText error={enterPin.error} />
    </form>
  );
}

function UssdConsole({ name }: { name: string }) {
  const [code, setCode] = useState("*100#");
  const ussd = useUssd();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    ussd.mutate({ name, input: code.trim() });
  };
  return (
    <form onSubmit={submit} className="mt-4 space-y-2 rounded-md border p-3" aria-label="USSD">
      <Label htmlFor={`ussd-${name}`}>USSD code</Label>
      <p className="text-xs text-muted-foreground">
        For example the balance check of your provider.
      </p>
      <div className="flex gap-2">
        <Input
          id={`ussd-${name}`}
          className="font-mono"
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <Button type="submit" size="sm" className="h-9" disabled={!code.trim() || ussd.isPending}>
          {ussd.isPending && <Loader2 className="animate-spin" />}
          Run
        </Button>
      </div>
      {ussd.data && (
        <p
          className="whitespace-pre-wrap rounded bg-slate-900 p-2 font-mono text-xs text-emerald-300"
          aria-label="USSD reply"
        >
          {ussd.data.reply}
        </p>
      )}
      <ErrorText error={ussd.error} />
    </form>
  );
}

function TestSmsForm({ name }: { name: string }) {
  const [to, setTo] = useState("");
  const sendTest = useSendTest();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    sendTest.mutate({ name, input: to.trim() });
  };
  return (
    <form onSubmit={submit} className="mt-4 space-y-2 rounded-md border p-3" aria-label="Test SMS">
      <Label htmlFor={`test-to-${name}`}>Send a test SMS through {name} to</Label>
      <div className="flex gap-2">
        <Input
          id={`test-to-${name}`}
          placeholder="+4915112345678"
          value={to}
          onChange={(e) => setTo(e.target.value)}
        />
        <Button type="submit" size="sm" className="h-9" disabled={!to.trim() || sendTest.isPending}>
          {sendTest.isPending && <Loader2 className="animate-spin" />}
          Send
        </Button>
      </div>
      {sendTest.data && (
        <p className="text-xs text-muted-foreground" role="status">
          Test message queued on {name}.{" "}
          <Link className="underline" to="/messages">
            Follow it on the Messages page
          </Link>
        </p>
      )}
      <ErrorText error={sendTest.error} />
    </form>
  );
}

function IncomingForm({ name, onDone }: { name: string; onDone: () => void }) {
  const [from, setFrom] = useState("+4915112345678");
  const [text, setText] = useState("Hello, is my order ready?");
  const simulate = useSimulate();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    simulate.mutate({ name, input: { action: "incoming", from, text } }, { onSuccess: onDone });
  };
  return (
    <form
      onSubmit={submit}
      className="mt-4 space-y-2 rounded-md border p-3"
      aria-label="Simulated incoming SMS"
    >
      <Label htmlFor={`from-${name}`}>From</Label>
      <Input id={`from-${name}`} value={from} onChange={(e) => setFrom(e.target.value)} />
      <Label htmlFor={`text-${name}`}>Text</Label>
      <Input id={`text-${name}`} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="flex justify-end">
        <Button type="submit" size="sm" disabled={!from || !text || simulate.isPending}>
          Deliver to {name}
        </Button>
      </div>
      <ErrorText error={simulate.error} />
    </form>
  );
}
