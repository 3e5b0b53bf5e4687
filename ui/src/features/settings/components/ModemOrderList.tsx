import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { MoveButtons } from "./MoveButtons";

/**
 * The modems of one pool, in order (the order decides who sends first under
 * failover and sticky), with up/down/remove buttons and a picker for the
 * modems not yet in it.
 */
export function ModemOrderList({
  value,
  onChange,
  modems,
  errorId,
}: {
  value: string[];
  onChange: (next: string[]) => void;
  /** Every modem the gateway knows, in its order. */
  modems: string[];
  /** The id of the error shown under the list, if any. */
  errorId?: string;
}) {
  const move = (from: number, to: number) => {
    const next = [...value];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    onChange(next);
  };
  const addable = modems.filter((m) => !value.includes(m));

  return (
    <div className="space-y-2">
      {value.length === 0 ? (
        <p className="text-sm text-muted-foreground">No modems in this pool yet.</p>
      ) : (
        <ol aria-label="Modems in order" aria-describedby={errorId} className="space-y-1">
          {value.map((modem, i) => (
            <li
              key={modem}
              className="flex items-center gap-2 rounded-md border bg-muted/40 px-2 py-1 text-sm"
            >
              <span className="w-5 text-right font-mono text-xs text-muted-foreground">
                {i + 1}.
              </span>
              <span className="flex-1 font-medium">
                {modem}
                {!modems.includes(modem) && (
                  <span className="ml-2 text-xs font-normal text-muted-foreground">
                    (not connected)
                  </span>
                )}
              </span>
              <MoveButtons
                what={modem}
                index={i}
                count={value.length}
                onMove={(to) => move(i, to)}
                className="size-7"
              />
              <Button
                type="button"
                variant="ghost"
                size="icon"
                className="size-7"
                aria-label={`Remove ${modem}`}
                onClick={() => onChange(value.filter((m) => m !== modem))}
              >
                <X />
              </Button>
            </li>
          ))}
        </ol>
      )}
      <Select
        aria-label="Add modem"
        className="w-56"
        value=""
        disabled={addable.length === 0}
        aria-invalid={errorId ? true : undefined}
        onChange={(e) => e.target.value && onChange([...value, e.target.value])}
      >
        <option value="">{addable.length ? "Add a modem…" : "All modems added"}</option>
        {addable.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </Select>
    </div>
  );
}
