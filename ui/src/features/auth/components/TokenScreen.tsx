import { KeyRound } from "lucide-react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/**
 * Shown when the UI has no API token: opened without the link that
 * `simgate serve` prints, or the token was rejected.
 */
export function TokenScreen({
  rejected,
  onSubmit,
}: {
  rejected?: boolean;
  onSubmit: (token: string) => void;
}) {
  const [value, setValue] = useState("");
  const [touched, setTouched] = useState(false);
  const token = value.trim();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (token) onSubmit(token);
  };
  return (
    <div className="flex min-h-full items-center justify-center bg-gradient-to-b from-indigo-50 to-background p-6">
      <Card className="w-full max-w-md">
        <CardHeader className="items-start gap-3">
          <div className="flex size-10 items-center justify-center rounded-lg bg-primary text-primary-foreground">
            <KeyRound className="size-5" />
          </div>
          <CardTitle className="text-xl">Connect to SimGate</CardTitle>
          <CardDescription>
            Paste the API token that <code className="font-mono text-xs">simgate serve</code>{" "}
            printed when it started, or open the full link it printed.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <form onSubmit={submit} className="space-y-4" noValidate>
            <div className="space-y-2">
              <Label htmlFor="api-token">API token</Label>
              <Input
                id="api-token"
                autoFocus
                autoComplete="off"
                spellCheck={false}
                className="font-mono"
                value={value}
                onChange={(e) => setValue(e.target.value)}
                aria-invalid={(touched && !token) || rejected ? true : undefined}
              />
              {touched && !token ? (
                <p role="alert" className="text-xs font-medium text-red-600">
                  Paste your API token.
                </p>
              ) : rejected ? (
                <p role="alert" className="text-xs font-medium text-red-600">
                  The gateway did not accept that token. Check it and try again.
                </p>
              ) : null}
            </div>
            <Button type="submit" className="w-full">
              Connect
            </Button>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
