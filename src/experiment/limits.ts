/**
 * The sizes of an experiment the command line accepts (README "Bad input: the limits"), kept
 * here, below the CLI and the scenario code, so `merge` holds a part file to the same limits:
 * a part claiming 10^9 replications describes no sweep that could have run.
 */

/**
 * 1 000 replications: the 95% interval's half-width shrinks as 1/√n, so a thousand already
 * puts it within 6.2% of one standard deviation (t·s/√n with t ≈ 1.96); a tighter answer needs
 * a longer run, not more of them. With the default budget each replication may be up to
 * 50 M events (≈ 15 s), so the cap also bounds a run to hours, not years.
 */
export const MAX_REPLICATIONS = 1000;

/** More points than this is a cluster job: split it with --shard, or narrow the grid. */
export const MAX_SWEEP_POINTS = 10000;
