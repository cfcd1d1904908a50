/**
 * What a report's figures cover, in the words every format's header uses: "9m18s measured after
 * 5m42s warm-up", with "(auto, MSER-5)" when the warm-up was chosen by MSER-5 (warmup: "auto"),
 * so a reader of any one format knows the warm-up was detected rather than given.
 */
import { formatDuration } from '../scenario/units.js';

export interface MeasuredScenario {
  duration: number;
  warmup: number;
  warmupDetection?: unknown;
}

export function measuredWindow(scenario: MeasuredScenario): string {
  const auto = scenario.warmupDetection === undefined ? '' : ' (auto, MSER-5)';
  return `${formatDuration(scenario.duration - scenario.warmup)} measured after ${formatDuration(scenario.warmup)} warm-up${auto}`;
}
