/**
 * The syntax of `--slo METRIC<BOUND`, apart from the schema so the command line can parse the
 * option without loading the metric catalogue (start-up time).
 */

/** `--slo METRIC<BOUND`: the metric and the bound text, or null when it is not of that form. */
export function parseSloOption(text: string): { metric: string; bound: string } | null {
  const m = /^\s*([^<>=\s]+)\s*((?:<=|>=|<|>).*)$/.exec(text);
  if (!m) return null;
  return { metric: m[1]!, bound: m[2]!.trim() };
}
