import { MessageSquarePlus } from "lucide-react";
import { useState } from "react";
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
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button className={className}>
          <MessageSquarePlus />
          New message
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
