// setTimeout fires at once past 2^31-1 ms (about 24.8 days): a longer wait is re-armed in steps.
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Calls `onDeadline` at `deadlineMs` (milliseconds since the epoch), at once if it has passed:
 * what closes a connection when its token expires. The timer holds no process (`unref`), and
 * a wait longer than `setTimeout` allows is re-armed in steps. The returned function cancels it.
 */
export function atDeadline(deadlineMs: number, onDeadline: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const left = deadlineMs - Date.now();
    if (left <= 0) return onDeadline();
    timer = setTimeout(arm, Math.min(left, MAX_DELAY));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
