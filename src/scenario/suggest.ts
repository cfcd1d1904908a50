/**
 * "Did you mean …?" for misspelled field names and enum values: the closest known word by
 * edit distance, plus the words people bring from the real systems (HAProxy `leastconn`,
 * NGINX `ip_hash`) mapped to ours.
 */

/** Words from HAProxy, NGINX and friends that name one of our values. */
const ALIASES: Record<string, string> = {
  leastconn: 'least-connections',
  least_conn: 'least-connections',
  roundrobin: 'round-robin',
  rr: 'round-robin',
  source: 'ip-hash',
  ip_hash: 'ip-hash',
  iphash: 'ip-hash',
  jwt: 'jwt',
  store: 'external',
  redis: 'external',
  memory: 'sticky',
  crash: 'server-crash',
};

/** Levenshtein distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length]!;
}

/**
 * The candidate a person most likely meant, or undefined when none is close: an alias, a
 * case or punctuation variant, or within about a third of the word's letters (at least 2).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const alias = ALIASES[word.toLowerCase()];
  if (alias !== undefined && candidates.includes(alias)) return alias;
  const squash = (w: string) => w.toLowerCase().replace(/[-_ .]/g, '');
  const variant = candidates.find((c) => squash(c) === squash(word));
  if (variant !== undefined) return variant;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}
