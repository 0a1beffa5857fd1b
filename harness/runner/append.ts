// Appending one array to another without spreading it into call arguments: `push(...items)` passes every
// item as an argument and overflows the stack past roughly 100k items (a `dth run --scale 6` has more
// observations than that).

/** Appends `items` to `target` in order; returns `target`. */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
