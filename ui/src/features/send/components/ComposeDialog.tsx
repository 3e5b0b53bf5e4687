import { MessageSquarePlus } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import type { Message } from "@/lib/api/types";
import { SendForm } from "./SendForm";

/** "New message" button that opens the send form in a dialog. */
export function ComposeDialog({
  onSent,
  className,
}: {
  onSent?: (message: Message) => void;
  className?: string;
}) {
  const [open, setOpen] = useState(false);

  // "n" opens the form from anywhere, unless the user is typing somewhere.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "n" || e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true], [role=dialog]")) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button className={className} aria-keyshortcuts="n">
          <MessageSquarePlus />
          New message
          <kbd
            aria-hidden
            className="ml-1 hidden rounded border border-white/30 px-1 font-sans text-[10px] leading-4 text-white/80 lg:inline"
          >
            N
          </kbd>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New message</DialogTitle>
          <DialogDescription>Sent through the next free modem.</DialogDescription>
        </DialogHeader>
        <div className="px-6 pb-6">
          <SendForm
            onSent={(message) => {
              setOpen(false);
              onSent?.(message);
            }}
          />
        </div>
      </DialogContent>
    </Dialog>
  );
}
