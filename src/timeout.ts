/** Waits for `pending`, rejecting with `late()` if it has not settled within `ms` (the timer is always cleared). */
export async function settleWithin<T>(pending: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([pending, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(late()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
