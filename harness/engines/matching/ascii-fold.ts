// ASCII-only case folding, as Lucene's case-insensitive automata do it for Elasticsearch's keyword
// family (term/wildcard/prefix/regexp queries with case_insensitive, which EQL's `:`, `like~`,
// `regex~` and the `~` string functions become on a field): each code point up to 128 also accepts
// its other case, every other code point only itself ("For now we only work with ASCII characters",
// AutomatonQueries.toCaseInsensitiveChar, elastic/elasticsearch
// server/src/main/java/org/elasticsearch/common/lucene/search/AutomatonQueries.java; the same in
// Lucene's RegExp.toCaseInsensitiveChar for the ASCII_CASE_INSENSITIVE flag). So `-nétdev` does not
// match `-NÉTDEV`, and `k` does not match the Kelvin sign.

/** `s` with A-Z lowered and every other code unit kept; returns `s` itself when nothing changes. */
export function asciiFold(s: string): string {
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) break;
    i++;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  let start = i;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      out += s.slice(start, i) + String.fromCharCode(c + 32);
      start = i + 1;
    }
  }
  return out + s.slice(start);
}

/** ASCII case-insensitive equality; `foldedTarget` is asciiFold(target). */
export function asciiEqualsFolded(value: string, foldedTarget: string): boolean {
  const n = value.length;
  if (n !== foldedTarget.length) return false;
  for (let i = 0; i < n; i++) {
    let c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== foldedTarget.charCodeAt(i)) return false;
  }
  return true;
}

/** Whether `value` starts with `foldedTarget` at `at`, ASCII case-insensitively (`foldedTarget` is folded). */
function asciiMatchesAt(value: string, at: number, foldedTarget: string): boolean {
  const m = foldedTarget.length;
  for (let j = 0; j < m; j++) {
    let c = value.charCodeAt(at + j);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== foldedTarget.charCodeAt(j)) return false;
  }
  return true;
}

/**
 * asciiFold(value).includes(foldedTarget) without building the folded copy (EQL `:` with a leading and
 * trailing `*` reads every document's command line). O(n·m) at worst for a literal of length m, as the
 * scan of glob-search.ts's literalSearch.
 */
export function asciiIncludesFolded(value: string, foldedTarget: string): boolean {
  const m = foldedTarget.length;
  if (m === 0) return true;
  const first = foldedTarget.charCodeAt(0);
  // The first code unit's other case, when it has one in ASCII.
  const firstUpper = first >= 97 && first <= 122 ? first - 32 : first;
  for (let i = 0, last = value.length - m; i <= last; i++) {
    const c = value.charCodeAt(i);
    if ((c === first || c === firstUpper) && asciiMatchesAt(value, i, foldedTarget)) return true;
  }
  return false;
}

/** asciiFold(value).startsWith(foldedTarget), without the copy. */
export function asciiStartsWithFolded(value: string, foldedTarget: string): boolean {
  return value.length >= foldedTarget.length && asciiMatchesAt(value, 0, foldedTarget);
}

/** asciiFold(value).endsWith(foldedTarget), without the copy. */
export function asciiEndsWithFolded(value: string, foldedTarget: string): boolean {
  return value.length >= foldedTarget.length && asciiMatchesAt(value, value.length - foldedTarget.length, foldedTarget);
}
