/**
 * A bounded-concurrency runner: at most `limit` tasks run at once, the rest wait in order.
 * Used to keep many small file reads in flight without opening thousands of handles.
 */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (!(limit >= 1)) throw new RangeError('limit must be >= 1');
  let active = 0;
  const queue: (() => void)[] = [];
  const next = (): void => {
    active--;
    const start = queue.shift();
    if (start) start();
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const start = (): void => {
        active++;
        task().then(resolve, reject).finally(next);
      };
      if (active < limit) start();
      else queue.push(start);
    });
}
