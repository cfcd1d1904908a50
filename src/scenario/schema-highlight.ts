/**
 * `highlight`: the metrics a scenario is built to teach, by JSON path. Every report shows
 * them next to the table (the detail block, markdown, HTML, replicated output and the
 * paired differences), whether or not they are zero.
 */
import { z } from '#zod';
import { metricPaths } from '../metrics/metric-paths.js';

export const highlight = z
  .array(z.enum(metricPaths() as [string, ...string[]]))
  .meta({
    description:
      'Metrics this scenario is about, by their path in the JSON result (e.g. "security.revokedTokenAcceptances", "store.writesLost", "lossByCause.affinity-broken"): shown in every report format beside the table, even when zero.',
  });
