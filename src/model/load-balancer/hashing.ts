/**
 * Hash functions and key→server selection as the real load balancers do it.
 *
 * Everything on the lookup path is allocation-free: these run once per simulated request.
 * IPv4 addresses are uint32 (a.b.c.d = a<<24 | b<<16 | c<<8 | d, >>> 0); "the bytes of a key"
 * always means big-endian (network) order, as the address sits in memory in NGINX/HAProxy.
 */

/** NGINX ip_hash recurrence over the top `len` bytes of `ip`, continuing from `hash`. */
function ipHashStep(hash: number, ip: number, len: number): number {
  for (let shift = 24; shift > 24 - 8 * len; shift -= 8) {
    hash = (hash * 113 + ((ip >>> shift) & 0xff)) % 6271;
  }
  return hash;
}

/**
 * NGINX `ip_hash` (ngx_http_upstream_ip_hash_module.c): iphp->hash = 89, addrlen = 3 for IPv4,
 * hash = (hash * 113 + addr[i]) % 6271. Only the first three octets count: a whole /24 hashes alike.
 */
export function nginxIpHash(ip: number): number {
  return ipHashStep(89, ip >>> 0, 3);
}

/**
 * Same recurrence over all four octets. Not an NGINX setting: the simulator's `hash-key:
 * full-address` option, showing what ip_hash would do without the /24 clumping.
 */
export function nginxIpHashFull(ip: number): number {
  return ipHashStep(89, ip >>> 0, 4);
}

/**
 * sdbm, HAProxy's default `hash-type` function (src/hash.c hash_sdbm:
 * hash = c + (hash << 6) + (hash << 16) - hash), over the key's 4 bytes; uint32.
 */
export function sdbm32(key: number): number {
  let h = 0;
  for (let shift = 24; shift >= 0; shift -= 8) {
    const c = (key >>> shift) & 0xff;
    h = (c + (h << 6) + (h << 16) - h) | 0; // |0 keeps it a 32-bit wrap like C's unsigned int
  }
  return h >>> 0;
}

/** CRC-32 (IEEE 802.3, reflected poly 0xEDB88320) table, built once. */
const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/**
 * CRC32 as NGINX `hash $key` uses (ngx_crc32_long, same as zlib crc32) over the key's 4 bytes.
 * NGINX hashes the key's text; the simulator's keys are integers, only the spread matters.
 */
export function crc32Int(key: number): number {
  let c = -1;
  for (let shift = 24; shift >= 0; shift -= 8) {
    c = CRC_TABLE[(c ^ (key >>> shift)) & 0xff]! ^ (c >>> 8);
  }
  return (c ^ -1) >>> 0;
}

/** MurmurHash3 fmix32: full-avalanche bijection on uint32, for session ids and ring points. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Map-based selection, HAProxy `hash-type map-based` (lb_map.c: srv[hash % tot_weight], tot_weight
 * counting only servers that are UP): when any server goes up or down, most keys move.
 * HAProxy interleaves servers in its map; walking the weighted list gives the same shares.
 * NGINX `hash $key` without `consistent` divides by the weight of ALL servers and re-hashes on
 * a failed one, so it matches this only while the configured set is all up.
 * Returns the server index, or -1 if none is live.
 */
export function moduloPick(
  hash: number,
  weights: ArrayLike<number>,
  live: ArrayLike<boolean | number>,
): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) if (live[i]) total += weights[i]!;
  if (total <= 0) return -1;
  let w = (hash >>> 0) % total;
  for (let i = 0; i < weights.length; i++) {
    if (!live[i]) continue;
    if (w < weights[i]!) return i;
    w -= weights[i]!;
  }
  return -1; // unreachable with integer weights
}

/** nginxIpHashPick result: NGINX gave up after 20 re-hashes; the caller should use round robin. */
export const FALL_BACK_TO_ROUND_ROBIN = -2;

/**
 * NGINX `ip_hash` server choice (ngx_http_upstream_get_ip_hash_peer): w = hash % total_weight of
 * ALL configured servers, walk the weighted list; if that server is down/failed, run the byte
 * recurrence again from the current hash ("goto next"), and once ++tries > 20 fall back to round
 * robin. With a single server NGINX uses round robin directly, which means that server or nothing.
 * Returns a server index, -2 (FALL_BACK_TO_ROUND_ROBIN) when the tries ran out but some server is
 * live, or -1 when no server is live.
 */
export function nginxIpHashPick(
  ip: number,
  weights: ArrayLike<number>,
  live: ArrayLike<boolean | number>,
  fullAddress = false,
): number {
  const n = weights.length;
  if (n === 1) return live[0] ? 0 : -1; // peers->single: round robin over one server
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  if (total <= 0) return -1;

  const len = fullAddress ? 4 : 3;
  const addr = ip >>> 0;
  let hash = 89;
  for (let tries = 0; ; ) {
    hash = ipHashStep(hash, addr, len);
    let w = hash % total;
    let p = 0;
    while (w >= weights[p]!) w -= weights[p++]!;
    if (live[p]) return p;
    if (++tries > 20) break;
  }
  for (let i = 0; i < n; i++) if (live[i]) return FALL_BACK_TO_ROUND_ROBIN;
  return -1;
}

export interface HashRingOptions {
  /** Points per unit of weight: HAProxy `hash-type consistent` 16, NGINX `consistent`/ketama 160. */
  pointsPerWeight?: number;
  /** Scale points up until the ring has at least this many (Envoy ring_hash min_ring_size 1024). */
  minRingSize?: number;
  /** Scale points down when the ring would hold more (Envoy ring_hash maximum_ring_size, default 8M). */
  maxRingSize?: number;
  /** Changes every point's position (a different deployment); default 0. */
  seed?: number;
}

/** Composite sort key = point * 2^20 + server stays an exact double (< 2^52). */
const SERVER_SLOTS = 1 << 20;

/**
 * The most points a ring holds: Envoy ring_hash maximum_ring_size, "defaults to 8M entries, and
 * limited to 8M entries". A ring that would be bigger keeps every server's share and is scaled
 * down to this size, as Envoy does; it also bounds the memory (16 B a point) and the rebuild.
 */
export const MAX_RING_SIZE = 8 * 1024 * 1024;

/**
 * Consistent-hash ring (HAProxy `hash-type consistent`, NGINX `hash ... consistent` / ketama,
 * Envoy ring_hash). Server s's i-th point is a hash of (s, i) only, as ketama hashes
 * "server-i" and HAProxy full_hash(puid * 4096 + i): adding server N leaves servers 0..N-1's
 * points in place, so only ≈ 1/(N+1) of keys move, all to the new server.
 */
export class HashRing {
  private readonly pointsPerWeight: number;
  private readonly minRingSize: number;
  private readonly maxRingSize: number;
  private readonly seed: number;
  private points = new Uint32Array(0); // sorted ascending
  private owners = new Int32Array(0); // owners[j] = server of points[j]
  private hasPoints = new Uint8Array(0); // server s has at least one point

  constructor(weights: readonly number[], options: HashRingOptions = {}) {
    this.pointsPerWeight = options.pointsPerWeight ?? 160;
    this.minRingSize = options.minRingSize ?? 0;
    this.maxRingSize = options.maxRingSize ?? MAX_RING_SIZE;
    this.seed = (options.seed ?? 0) >>> 0;
    this.rebuild(weights);
  }

  get size(): number {
    return this.points.length;
  }

  /** Rebuild for new weights or server count (scale-out appends servers). Not on the hot path. */
  rebuild(weights: readonly number[]): void {
    const n = weights.length;
    if (n > SERVER_SLOTS) throw new RangeError(`HashRing supports at most ${SERVER_SLOTS} servers`);
    const counts = weights.map((w) => Math.max(0, Math.round(w * this.pointsPerWeight)));
    let total = counts.reduce((a, b) => a + b, 0);
    if (total > 0 && total < this.minRingSize) {
      // Envoy scales every host's share up until the ring reaches min_ring_size.
      const scale = this.minRingSize / total;
      for (let s = 0; s < n; s++) counts[s] = Math.ceil(counts[s]! * scale);
      total = counts.reduce((a, b) => a + b, 0);
    }
    if (total > this.maxRingSize) {
      const scale = this.maxRingSize / total;
      for (let s = 0; s < n; s++) counts[s] = Math.floor(counts[s]! * scale);
      total = counts.reduce((a, b) => a + b, 0);
    }

    const keys = new Float64Array(total);
    let k = 0;
    for (let s = 0; s < n; s++) {
      const base = mix32((Math.imul(s + 1, 0x9e3779b1) ^ this.seed) >>> 0);
      for (let i = 0; i < counts[s]!; i++) {
        keys[k++] = mix32((base + i) >>> 0) * SERVER_SLOTS + s;
      }
    }
    keys.sort(); // numeric; equal points are ordered by server index, deterministically

    this.points = new Uint32Array(total);
    this.owners = new Int32Array(total);
    for (let j = 0; j < total; j++) {
      const s = keys[j]! % SERVER_SLOTS;
      this.owners[j] = s;
      this.points[j] = (keys[j]! - s) / SERVER_SLOTS;
    }
    this.hasPoints = new Uint8Array(n);
    for (let s = 0; s < n; s++) this.hasPoints[s] = counts[s]! > 0 ? 1 : 0;
  }

  /** Index of the first point >= hash, wrapping to 0 (ketama / HAProxy eb32 lookup_ge). */
  private firstAtOrAfter(hash: number): number {
    const pts = this.points;
    const h = hash >>> 0;
    let lo = 0;
    let hi = pts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (pts[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    return lo === pts.length ? 0 : lo;
  }

  /**
   * Owner of `hash`: the next point clockwise whose server is live. A down server's keys spread
   * over its successors; nobody else's move. Returns -1 if none is live.
   */
  pick(hash: number, live: ArrayLike<boolean | number>): number {
    const n = this.points.length;
    if (n === 0) return -1;
    const owners = this.owners;
    let j = this.firstAtOrAfter(hash);
    for (let step = 0; step < n; step++) {
      const s = owners[j]!;
      if (live[s]) return s;
      if (++j === n) j = 0;
    }
    return -1;
  }

  /**
   * Envoy ring_hash on a retry with a host predicate (ring_hash_lb.cc chooseHost(h, attempt)):
   * the point `attempt` places after the key's, then on to the next live server. The host
   * there can be the same one again (its points are scattered over the ring).
   */
  pickAttempt(hash: number, live: ArrayLike<boolean | number>, attempt: number): number {
    const n = this.points.length;
    if (n === 0) return -1;
    const owners = this.owners;
    let j = (this.firstAtOrAfter(hash) + attempt) % n;
    for (let step = 0; step < n; step++) {
      const s = owners[j]!;
      if (live[s]) return s;
      if (++j === n) j = 0;
    }
    return -1;
  }

  /**
   * Consistent hashing with bounded loads (Mirrokni et al., Google 2016; HAProxy
   * `hash-balance-factor`, where 150 means balanceFactor 1.5): walk clockwise past servers
   * whose load[s] + 1 > cap, cap = ceil(balanceFactor * (totalLoad + 1) / liveCount).
   * HAProxy splits the cap by weight; this form assumes equal weights.
   * With balanceFactor >= 1 some live server is always under the cap; below 1 it may not be,
   * and then the plain owner is returned.
   */
  pickBounded(
    hash: number,
    live: ArrayLike<boolean | number>,
    load: ArrayLike<number>,
    balanceFactor: number,
  ): number {
    const n = this.points.length;
    if (n === 0) return -1;
    let totalLoad = 0;
    let liveCount = 0;
    for (let s = 0; s < this.hasPoints.length; s++) {
      if (live[s] && this.hasPoints[s]) {
        totalLoad += load[s]!;
        liveCount++;
      }
    }
    if (liveCount === 0) return -1;
    // The small epsilon keeps an exact product (e.g. 1.25 * 8 = 10) from rounding up.
    const cap = Math.ceil((balanceFactor * (totalLoad + 1)) / liveCount - 1e-9);
    const owners = this.owners;
    let j = this.firstAtOrAfter(hash);
    for (let step = 0; step < n; step++) {
      const s = owners[j]!;
      if (live[s] && load[s]! + 1 <= cap) return s;
      if (++j === n) j = 0;
    }
    return this.pick(hash, live);
  }
}
