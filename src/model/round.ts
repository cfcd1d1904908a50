/** Seconds (or any figure) to three decimals, as event details report them: a time to the millisecond. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
