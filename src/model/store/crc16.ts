/**
 * Redis Cluster key placement: HASH_SLOT = CRC16(key) mod 16384, with the CRC16 variant
 * Redis uses (XMODEM / CCITT: polynomial 0x1021, initial value 0; cluster spec, crc16.c:
 * CRC16("123456789") = 0x31C3). Session keys are `sess:<id>` (connect-redis's prefix).
 */
const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[n] = c;
  }
  return t;
})();

export const CLUSTER_SLOTS = 16384;

function step(crc: number, byte: number): number {
  return ((crc << 8) & 0xffff) ^ TABLE[((crc >>> 8) ^ byte) & 0xff]!;
}

/** CRC16 of a string of single-byte characters. */
export function crc16(text: string): number {
  let crc = 0;
  for (let i = 0; i < text.length; i++) crc = step(crc, text.charCodeAt(i) & 0xff);
  return crc;
}

const PREFIX_CRC = crc16('sess:');

/** CRC16 of `sess:<id>` without building the string (digits fed one by one). */
export function sessionKeyCrc16(id: number): number {
  let crc = PREFIX_CRC;
  let div = 1;
  while (div * 10 <= id) div *= 10;
  for (let v = id; div >= 1; div = Math.floor(div / 10)) {
    const d = Math.floor(v / div);
    crc = step(crc, 48 + d);
    v -= d * div;
  }
  return crc;
}

/** The hash slot of a session's key. */
export function sessionSlot(id: number): number {
  return sessionKeyCrc16(id) % CLUSTER_SLOTS;
}
