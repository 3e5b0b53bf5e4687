/**
 * Runs an async `task` after calls to `trigger`, at most one run at a time:
 * triggers during a run cause exactly one more run after it. A burst of
 * server events therefore costs one refetch, and a refetch that is slower than
 * the event rate is never cancelled and restarted forever.
 */
export function coalesce(task: () => Promise<unknown>, delayMs: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let again = false;
  let disposed = false;

  const run = async () => {
    timer = null;
    running = true;
    try {
      await task();
    } catch {
      // The task reports its own errors; a failure must not stop later runs.
    } finally {
      running = false;
    }
    if (again && !disposed) {
      again = false;
      schedule();
    }
  };

  const schedule = () => {
    if (timer || disposed) return;
    timer = setTimeout(() => void run(), delayMs);
  };

  return {
    trigger() {
      if (running) again = true;
      else schedule();
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
    },
  };
}
