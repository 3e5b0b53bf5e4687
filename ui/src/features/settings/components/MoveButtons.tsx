import { ArrowDown, ArrowUp } from "lucide-react";
import { Button } from "@/components/ui/button";

/**
 * Up and down buttons for an item at `index` of an ordered list of `count`; `what` names the item in
 * the buttons' labels ("Move {what} up").
 */
export function MoveButtons({
  what,
  index,
  count,
  onMove,
  className,
}: {
  what: string;
  index: number;
  count: number;
  onMove: (to: number) => void;
  className?: string;
}) {
  return (
    <>
      <Button
        type="button"
        variant="ghost"
        size="icon"
        className={className}
        aria-label={`Move ${what} up`}
        disabled={index === 0}
        onClick={() => onMove(index - 1)}
      >
        <ArrowUp />
      </Button>
      <Button
        type="button"
        variant="ghost"
        size="icon"
        className={className}
        aria-label={`Move ${what} down`}
        disabled={index === count - 1}
        onClick={() => onMove(index + 1)}
      >
        <ArrowDown />
      </Button>
    </>
  );
}
