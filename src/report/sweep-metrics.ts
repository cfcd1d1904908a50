/** Reading one metric of a sweep point's interval tree by its dotted path. */
import { isFigure, type IntervalFigure } from '../metrics/aggregate.js';

export function leafFigure(tree: object, path: string): IntervalFigure {
  let v: unknown = tree;
  for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  if (!isFigure(v)) throw new Error(`no figure at "${path}"`);
  return v;
}
