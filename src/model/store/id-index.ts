/**
 * A map from session id (a non-negative 32-bit integer) to a non-negative integer, for the
 * store's keyspace: which dense slot holds a session's key, why a session's key left.
 *
 * Session ids are never reused (session-table.ts), so an array indexed by id grows with every
 * session the run ever had, live or long gone. This map holds only the ids it was given and
 * not yet deleted, so it is as large as what it describes (the keys in the node, the live
 * sessions whose key left), however long the run: open addressing with linear probing in a
 * power-of-two table of Int32Array pairs, at most half full, with backward-shift deletion
 * (no tombstones, so a long run of set/delete does not fill the table), and shrunk again
 * when an eighth full. Nothing is allocated except when the table is resized.
 */

const EMPTY = -1;
const MIN_CAPACITY = 16;

export class IdIndex {
  private keys: Int32Array;
  private values: Int32Array;
  private mask: number;
  /** 32 − log2(table size): home() takes the product's top bits. */
  private shift: number;
  private count = 0;

  constructor(capacity = MIN_CAPACITY) {
    let n = MIN_CAPACITY;
    while (n < capacity) n *= 2;
    this.keys = new Int32Array(n).fill(EMPTY);
    this.values = new Int32Array(n);
    this.mask = n - 1;
    this.shift = 32 - Math.log2(n);
  }

  /** Ids held. */
  get size(): number {
    return this.count;
  }

  /** Entries the table has room for (its memory: 8 bytes each). */
  get capacity(): number {
    return this.keys.length;
  }

  /** The value for `id`, or -1 when the map does not hold it. */
  get(id: number): number {
    const keys = this.keys;
    const mask = this.mask;
    for (let i = this.home(id); ; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === id) return this.values[i]!;
      if (k === EMPTY) return -1;
    }
  }

  /** Set the value for `id` (value ≥ 0). */
  set(id: number, value: number): void {
    const keys = this.keys;
    const mask = this.mask;
    for (let i = this.home(id); ; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === id) {
        this.values[i] = value;
        return;
      }
      if (k === EMPTY) {
        keys[i] = id;
        this.values[i] = value;
        if (++this.count * 2 > keys.length) this.resize(keys.length * 2);
        return;
      }
    }
  }

  /** Drop `id` (nothing happens if it is not held). */
  delete(id: number): void {
    const keys = this.keys;
    const values = this.values;
    const mask = this.mask;
    let i = this.home(id);
    for (; ; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === id) break;
      if (k === EMPTY) return;
    }
    // Backward shift: move later entries of the probe run into the hole when their home allows.
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const k = keys[j]!;
      if (k === EMPTY) break;
      const h = this.home(k);
      // k may fill the hole at i if its home is not cyclically within (i, j].
      if (((j - h) & mask) >= ((j - i) & mask)) {
        keys[i] = k;
        values[i] = values[j]!;
        i = j;
      }
    }
    keys[i] = EMPTY;
    this.count--;
    if (keys.length > MIN_CAPACITY && this.count * 8 < keys.length) this.resize(keys.length / 2);
  }

  /** Drop every id. */
  clear(): void {
    if (this.keys.length > MIN_CAPACITY) {
      this.keys = new Int32Array(MIN_CAPACITY);
      this.values = new Int32Array(MIN_CAPACITY);
      this.mask = MIN_CAPACITY - 1;
      this.shift = 32 - Math.log2(MIN_CAPACITY);
    }
    this.keys.fill(EMPTY);
    this.count = 0;
  }

  /** Calls f(id, value) for every id held (in table order). */
  forEach(f: (id: number, value: number) => void): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== EMPTY) f(keys[i]!, this.values[i]!);
  }

  /** Fibonacci hashing (Knuth): consecutive ids — sessions are numbered in arrival order — spread over the table. */
  private home(id: number): number {
    return Math.imul(id, 0x9e3779b1) >>> this.shift;
  }

  private resize(n: number): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Int32Array(n).fill(EMPTY);
    this.values = new Int32Array(n);
    this.mask = n - 1;
    this.shift = 32 - Math.log2(n);
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i]!;
      if (k !== EMPTY) this.set(k, oldValues[i]!);
    }
  }
}

