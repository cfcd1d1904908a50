/**
 * The strategies a scenario without a `strategies` list compares, and the name a strategy
 * takes when it is given none. One list, as a file would write it: load.ts validates and
 * resolves it when the list is absent, and `--set strategies.redis.store.ttl=10m` (or
 * `strategies.0…`) on such a scenario writes into this same list, so a set path names the
 * strategies `--strategies` and the tables name. No zod here: the command line's option
 * parsers import overrides.ts, which imports this, before any command runs.
 */

/** One of each family, as most readers would compare them. */
export function defaultStrategiesAsWritten(): Record<string, unknown>[] {
  return [
    { type: 'sticky', name: 'sticky-cookie', affinity: 'cookie' },
    { type: 'sticky', name: 'sticky-ip', affinity: 'ip-hash' },
    // No name: it takes the store's kind (redis, memcached, database), whatever store.kind is set to.
    { type: 'external' },
    { type: 'jwt', name: 'jwt' },
  ];
}

/** A strategy's name when it has none of its own: sticky-cookie, sticky-ip-hash-write-through, redis, jwt-es256. */
export function defaultStrategyName(st: { type: string; affinity?: string; backup?: string; storeKind?: string; algorithm?: string }): string {
  switch (st.type) {
    case 'sticky':
      return `sticky-${st.affinity ?? 'cookie'}${st.backup !== undefined && st.backup !== 'none' ? `-${st.backup}` : ''}`;
    case 'external':
      return st.storeKind ?? 'redis';
    default:
      return `jwt-${(st.algorithm ?? 'ES256').toLowerCase()}`;
  }
}

/**
 * The name of a strategy as written in a file (before validation: any field may be missing or
 * of the wrong type), from its own name or, without one, as the resolved scenario will name it.
 * The defaults here (affinity cookie, backup none, algorithm ES256, store redis) are the schema's.
 */
export function writtenStrategyName(entry: unknown, doc: unknown): string | undefined {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
  const st = entry as Record<string, unknown>;
  if (st.name !== undefined) return typeof st.name === 'string' ? st.name : undefined;
  if (st.type !== 'sticky' && st.type !== 'external' && st.type !== 'jwt') return undefined;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const kindOf = (store: unknown) => (store !== null && typeof store === 'object' ? text((store as { kind?: unknown }).kind) : undefined);
  // A strategy's own store is the scenario's with its fields replaced (store.ts mergeStrategyStores).
  const storeKind = kindOf(st.store) ?? (doc !== null && typeof doc === 'object' ? kindOf((doc as { store?: unknown }).store) : undefined);
  return defaultStrategyName({ type: st.type, affinity: text(st.affinity), backup: text(st.backup), storeKind, algorithm: text(st.algorithm) });
}
