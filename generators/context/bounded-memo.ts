// Per-text memos for generation: launchers, builds and parent images repeat, so what is derived from
// their text (hashes, version resources, split command lines) is computed once per distinct text.
// Bounded: a pack whose texts embed random parts (home directories, padding) could otherwise grow a
// memo with the number of events; when full it is emptied and refills with what is still in use.

/** Entries a memo holds before it is emptied. */
export const MEMO_LIMIT = 4096;

/** `compute` memoised by its string argument, at most MEMO_LIMIT entries. Values are shared: callers never edit them. */
export function boundedMemo<V>(compute: (key: string) => V): (key: string) => V {
  const entries = new Map<string, V>();
  return (key) => {
    let value = entries.get(key);
    if (value === undefined) {
      value = compute(key);
      if (entries.size >= MEMO_LIMIT) entries.clear();
      entries.set(key, value);
    }
    return value;
  };
}
