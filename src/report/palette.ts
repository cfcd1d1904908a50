/**
 * The HTML report's colours, one meaning each per report.
 *
 * Strategies are drawn in the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008;
 * the palette Wong recommends in Nature Methods 8:441, 2011), eight colours that stay apart
 * under protanopia, deuteranopia and tritanopia. Colour is never the only cue: every strategy
 * also has its own dash pattern and marker shape, so a grey print or a reader who cannot tell
 * two hues apart still can tell the lines apart. A strategy keeps its index (its place in the
 * scenario) in every chart, hence its colour, dash and marker.
 *
 * Everything that is not a strategy is drawn without hue, so no colour means two things:
 * servers in greys with dashes, loss causes in grey fills and hatches, events in dark grey,
 * the warm-up as a light grey band.
 */

/** Okabe–Ito, by name. */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

/**
 * The order strategies take their colours in: the strongest contrasts on white first, yellow
 * (too light for a thin line on white) last.
 */
export const STRATEGY_COLORS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
];

/** SVG stroke-dasharray values, solid first; distinct at a glance at 1.8 px line width. */
export const DASHES: readonly string[] = ['', '7 3', '2 2.5', '9 3 2 3', '4 4', '1 4', '12 4', '5 2 1 2 1 2'];

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'plus' | 'triangle-down' | 'bar';
export const MARKERS: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'cross', 'plus', 'triangle-down', 'bar'];

export interface SeriesStyle {
  color: string;
  /** stroke-dasharray ('' = solid). */
  dash: string;
  marker: MarkerShape;
}

/** The style of the strategy (or any series) at `index`: colour, dash and marker cycle together. */
export function seriesStyle(index: number): SeriesStyle {
  const i = ((index % STRATEGY_COLORS.length) + STRATEGY_COLORS.length) % STRATEGY_COLORS.length;
  // Past eight, the dash shifts so the ninth series is not the first one again.
  const round = Math.floor(index / STRATEGY_COLORS.length);
  return { color: STRATEGY_COLORS[i]!, dash: DASHES[(i + round) % DASHES.length]!, marker: MARKERS[i]! };
}

/** One style per strategy name, by its place in the results: the same in every chart of a report. */
export function strategyStyles(names: readonly string[]): Map<string, SeriesStyle> {
  return new Map(names.map((n, i) => [n, seriesStyle(i)]));
}

/** Servers: greys dark to mid (never a strategy's hue), told apart by dash and marker. */
const SERVER_GREYS = ['#1a1a1a', '#5c5c5c', '#8a8a8a', '#3d3d3d', '#747474', '#2b2b2b', '#9a9a9a', '#4d4d4d'];
export function serverStyle(index: number): SeriesStyle {
  const i = index % SERVER_GREYS.length;
  return { color: SERVER_GREYS[i]!, dash: DASHES[index % DASHES.length]!, marker: MARKERS[index % MARKERS.length]! };
}

/** Neutral inks for what is not a strategy. */
export const INK = {
  text: '#222222',
  axis: '#555555',
  grid: '#e4e4e4',
  event: '#444444',
  warmup: '#000000',
  /** Opacity of the warm-up band. */
  warmupOpacity: 0.07,
} as const;

/** A fill for a stacked-bar segment without hue: a grey level and an optional hatch. */
export interface NeutralFill {
  fill: string;
  /** Hatch drawn over the fill: none, diagonal lines, dots, a cross-hatch, horizontal lines. */
  hatch: 'none' | 'diagonal' | 'dots' | 'cross' | 'horizontal';
}

/** Fills for categories that are not strategies (loss causes): distinct in grey and in print. */
export const CATEGORY_FILLS: readonly NeutralFill[] = [
  { fill: '#3a3a3a', hatch: 'none' },
  { fill: '#bdbdbd', hatch: 'diagonal' },
  { fill: '#ffffff', hatch: 'dots' },
  { fill: '#8c8c8c', hatch: 'cross' },
  { fill: '#e0e0e0', hatch: 'horizontal' },
  { fill: '#6e6e6e', hatch: 'none' },
  { fill: '#ffffff', hatch: 'diagonal' },
];
