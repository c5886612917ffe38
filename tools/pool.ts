/**
 * A bounded pool: runs `work` on every item with at most `limit` at a time, and returns the results in
 * the items' order. One item's failure is its own result (work returns it), never the pool's.
 */
export async function runPool<T, R>(items: readonly T[], limit: number, work: (item: T, slot: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (slot: number): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, slot);
    }
  };
  const lanes = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: lanes }, (_, slot) => lane(slot)));
  return results;
}
