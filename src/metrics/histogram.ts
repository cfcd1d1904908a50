/**
 * LatencyHistogram — a log-linear histogram of latencies (in seconds) with a
 * bounded relative error, in the spirit of HdrHistogram.
 *
 * Bucket scheme. A positive IEEE-754 double is 2^e · (1 + f) with f in [0, 1).
 * The bucket key of a value is its biased exponent e followed by the top m bits
 * of its mantissa f — i.e. simply the top bits of the float's bit pattern:
 *
 *     key = highWord(value) >>> (20 - m)        (highWord = sign|exponent|20 mantissa bits)
 *
 * So every octave [2^e, 2^(e+1)) is cut into 2^m equal-width sub-buckets
 * ("log-linear": logarithmic across octaves, linear inside one). Because the
 * bit pattern of positive doubles is monotone in their value, keys are ordered
 * like values, and record() costs one store, one load, a shift, a clamp and an
 * increment — no Math.log, no allocation.
 *
 * Why the error bound holds. Sub-bucket k of octave e is
 * [L, U) = [2^e(1 + k/2^m), 2^e(1 + (k+1)/2^m)), so U/L = 1 + 1/(2^m + k) ≤ 1 + 2^-m.
 * quantile() answers with the geometric midpoint R = sqrt(L·U); for any v in
 * [L, U], R/v lies in [sqrt(L/U), sqrt(U/L)], hence |R - v|/v ≤ sqrt(1 + 2^-m) - 1.
 * The constructor picks the smallest m with sqrt(1 + 2^-m) - 1 ≤ relativeError
 * (relativeError 0.01 → m = 6, 64 sub-buckets per octave, actual bound 0.78%;
 * 1e-6 s … 3600 s spans 32 octaves → ~2100 buckets, 17 KB). Nearest-rank on
 * the buckets selects exactly the bucket holding the sample's nearest-rank
 * value, so each quantile is within relativeError of the exact sample quantile.
 *
 * Outside the configured range the bound is given up, deliberately: positive
 * values below minValue are counted in the lowest bucket, values above maxValue
 * in the highest; zero and negative values go to a separate zero bucket
 * (representative 0). count, sum (→ mean), min and max are tracked exactly,
 * and quantile representatives are clamped into [min, max], so the extremes
 * stay honest either way.
 */

export interface HistogramOptions {
  /** Smallest value (seconds) resolved within the error bound. Default 1e-6. */
  minValue?: number;
  /** Largest value (seconds) resolved within the error bound. Default 3600. */
  maxValue?: number;
  /** Maximum relative error of quantiles. Default 0.01. */
  relativeError?: number;
}

export interface HistogramConfig {
  minValue: number;
  maxValue: number;
  relativeError: number;
}

/** Plain, structured-clone and JSON friendly snapshot (see toJSON). */
export interface HistogramJSON {
  config: HistogramConfig;
  /** Sparse non-empty buckets as [bucketIndex, count] pairs, ascending index. */
  counts: Array<[number, number]>;
  /** Number of recorded values ≤ 0. */
  zeroCount: number;
  sum: number;
  /** null when the histogram is empty (JSON has no Infinity/NaN). */
  min: number | null;
  max: number | null;
  count: number;
}

// One shared scratch double, viewed as two 32-bit words, to read a value's bit
// pattern without allocating. Safe: JS is single-threaded per isolate and each
// worker_thread gets its own module instance.
const SCRATCH_F64 = new Float64Array(1);
const SCRATCH_U32 = new Uint32Array(SCRATCH_F64.buffer);
SCRATCH_F64[0] = 1; // 1.0 = 0x3FF00000_00000000: find which word is the high one
const HI = SCRATCH_U32[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/** Mantissa bits available in the high word; caps the sub-bucket bits. */
const MAX_SUB_BUCKET_BITS = 20;

function keyOf(value: number, shift: number): number {
  SCRATCH_F64[0] = value;
  return SCRATCH_U32[HI]! >>> shift;
}

/** Inverse of keyOf: the smallest value with the given key (a bucket's lower bound). */
function lowerBoundOfKey(key: number, shift: number): number {
  SCRATCH_U32[HI] = key << shift;
  SCRATCH_U32[LO] = 0;
  return SCRATCH_F64[0]!;
}

export class LatencyHistogram {
  readonly config: Readonly<HistogramConfig>;
  /** Right shift applied to the high word: 20 - (sub-bucket bits). */
  private readonly shift: number;
  private readonly minKey: number;
  private readonly topIndex: number;
  // Float64 counts: increments cost the same as Uint32 and stay exact to 2^53,
  // so merging many workers' histograms cannot overflow.
  private readonly counts: Float64Array;
  private zeroCount = 0;
  private total = 0;
  private sum = 0;
  private minSeen = Infinity;
  private maxSeen = -Infinity;

  constructor(options: HistogramOptions = {}) {
    const minValue = options.minValue ?? 1e-6;
    const maxValue = options.maxValue ?? 3600;
    const relativeError = options.relativeError ?? 0.01;
    if (!(minValue > 0 && Number.isFinite(minValue))) throw new RangeError(`minValue must be a positive finite number, got ${minValue}`);
    if (!(maxValue > minValue && Number.isFinite(maxValue))) throw new RangeError(`maxValue must be finite and > minValue, got ${maxValue}`);
    if (!(relativeError > 0 && relativeError < 1)) throw new RangeError(`relativeError must be in (0, 1), got ${relativeError}`);

    // Smallest number of sub-bucket bits m whose worst-case error fits the bound.
    let m = 0;
    while (Math.sqrt(1 + 2 ** -m) - 1 > relativeError) m++;
    if (m > MAX_SUB_BUCKET_BITS) throw new RangeError(`relativeError ${relativeError} is finer than this histogram supports`);

    this.config = Object.freeze({ minValue, maxValue, relativeError });
    this.shift = MAX_SUB_BUCKET_BITS - m;
    this.minKey = keyOf(minValue, this.shift);
    this.topIndex = keyOf(maxValue, this.shift) - this.minKey;
    this.counts = new Float64Array(this.topIndex + 1);
  }

  /**
   * Hot path: allocation-free, no transcendental functions. A positive finite value (every
   * latency) takes the short branch, small enough for the caller's optimiser to inline; zero,
   * negative and non-finite values go to recordOther().
   */
  record(value: number): void {
    if (value > 0 && value <= Number.MAX_VALUE) {
      SCRATCH_F64[0] = value;
      let i = (SCRATCH_U32[HI]! >>> this.shift) - this.minKey;
      if (i < 0) i = 0;
      else if (i > this.topIndex) i = this.topIndex;
      this.counts[i]!++;
      this.total++;
      this.sum += value;
      if (value < this.minSeen) this.minSeen = value;
      if (value > this.maxSeen) this.maxSeen = value;
    } else {
      this.recordOther(value);
    }
  }

  /** Zero and negative values (the zero bucket); NaN or ±Infinity is a simulator bug: fail loudly, not silently skew the mean. */
  private recordOther(value: number): void {
    if (!Number.isFinite(value)) throw new RangeError(`LatencyHistogram.record: non-finite value ${value}`);
    this.zeroCount++;
    this.total++;
    this.sum += value;
    if (value < this.minSeen) this.minSeen = value;
    if (value > this.maxSeen) this.maxSeen = value;
  }

  get count(): number {
    return this.total;
  }

  /** Exact arithmetic mean (running sum / count); NaN when empty. */
  mean(): number {
    return this.total === 0 ? NaN : this.sum / this.total;
  }

  /** Exact largest recorded value; NaN when empty. */
  max(): number {
    return this.total === 0 ? NaN : this.maxSeen;
  }

  /** Exact smallest recorded value; NaN when empty. */
  min(): number {
    return this.total === 0 ? NaN : this.minSeen;
  }

  /**
   * Nearest-rank quantile: the value of rank ceil(q·count) (1-based), answered
   * by its bucket's geometric midpoint (clamped into [min, max]). q = 0 and
   * q = 1 return the exact min() and max(). NaN when empty.
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
    if (this.total === 0) return NaN;
    if (q === 1) return this.maxSeen;
    if (q === 0) return this.minSeen;
    const rank = Math.min(this.total, Math.max(1, Math.ceil(q * this.total)));
    let seen = this.zeroCount;
    if (seen >= rank) return this.clamp(0);
    for (let i = 0; i <= this.topIndex; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return this.clamp(this.representative(i));
    }
    return this.maxSeen; // unreachable while counts and total agree
  }

  /** Adds other's samples into this histogram. Configurations must be identical. */
  merge(other: LatencyHistogram): void {
    if (!sameConfig(this.config, other.config)) {
      throw new Error(`LatencyHistogram.merge: configuration mismatch ${JSON.stringify(this.config)} vs ${JSON.stringify(other.config)}`);
    }
    for (let i = 0; i <= this.topIndex; i++) this.counts[i]! += other.counts[i]!;
    this.zeroCount += other.zeroCount;
    this.total += other.total;
    this.sum += other.sum;
    if (other.minSeen < this.minSeen) this.minSeen = other.minSeen;
    if (other.maxSeen > this.maxSeen) this.maxSeen = other.maxSeen;
  }

  /** Sparse plain-object snapshot, e.g. for postMessage between worker_threads or JSON files. */
  toJSON(): HistogramJSON {
    const counts: Array<[number, number]> = [];
    for (let i = 0; i <= this.topIndex; i++) {
      const c = this.counts[i]!;
      if (c !== 0) counts.push([i, c]);
    }
    const empty = this.total === 0;
    return {
      config: { ...this.config },
      counts,
      zeroCount: this.zeroCount,
      sum: this.sum,
      min: empty ? null : this.minSeen,
      max: empty ? null : this.maxSeen,
      count: this.total,
    };
  }

  static fromJSON(data: HistogramJSON): LatencyHistogram {
    const h = new LatencyHistogram(data.config);
    let total = data.zeroCount;
    for (const [i, c] of data.counts) {
      if (!Number.isInteger(i) || i < 0 || i > h.topIndex) throw new RangeError(`LatencyHistogram.fromJSON: bucket index ${i} out of range`);
      h.counts[i]! += c;
      total += c;
    }
    if (total !== data.count) throw new RangeError(`LatencyHistogram.fromJSON: bucket counts sum to ${total}, count says ${data.count}`);
    h.zeroCount = data.zeroCount;
    h.total = data.count;
    h.sum = data.sum;
    h.minSeen = data.min ?? Infinity;
    h.maxSeen = data.max ?? -Infinity;
    return h;
  }

  /**
   * Points [value, share of samples ≤ value] for plotting a CDF, one per
   * non-empty bucket (value = the bucket's upper bound, clamped to max()),
   * evenly thinned to at most `points` entries; first and last bucket are kept,
   * so the curve always ends at [max(), 1]. Empty histogram → [].
   */
  cdf(points = 100): Array<[number, number]> {
    if (!(Number.isInteger(points) && points >= 1)) throw new RangeError(`cdf: points must be a positive integer, got ${points}`);
    if (this.total === 0) return [];
    const all: Array<[number, number]> = [];
    let seen = this.zeroCount;
    if (seen > 0) all.push([Math.min(0, this.maxSeen), seen / this.total]);
    for (let i = 0; i <= this.topIndex; i++) {
      const c = this.counts[i]!;
      if (c === 0) continue;
      seen += c;
      const upper = lowerBoundOfKey(this.minKey + i + 1, this.shift);
      all.push([Math.min(upper, this.maxSeen), seen / this.total]);
    }
    if (all.length <= points) return all;
    if (points === 1) return [all[all.length - 1]!];
    const out: Array<[number, number]> = [];
    for (let k = 0; k < points; k++) out.push(all[Math.round((k * (all.length - 1)) / (points - 1))]!);
    return out;
  }

  private representative(index: number): number {
    const key = this.minKey + index;
    return Math.sqrt(lowerBoundOfKey(key, this.shift) * lowerBoundOfKey(key + 1, this.shift));
  }

  private clamp(v: number): number {
    return v < this.minSeen ? this.minSeen : v > this.maxSeen ? this.maxSeen : v;
  }
}

function sameConfig(a: HistogramConfig, b: HistogramConfig): boolean {
  return a.minValue === b.minValue && a.maxValue === b.maxValue && a.relativeError === b.relativeError;
}
