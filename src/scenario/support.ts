/**
 * What a distribution can draw, from its parameters (issue 14): checks ask "can this give
 * zero?" of the distribution's support, never of its name, so uniform 0..0 and empirical [0]
 * are caught like constant 0 and an exponential of mean 0.
 */
import type { DistributionSpec } from '../engine/distributions.js';

/** P(X = 0) > 0 or E[X] = 0: the distribution draws exactly zero with positive probability. */
export function drawsZero(spec: DistributionSpec): boolean {
  switch (spec.dist) {
    case 'constant':
      return spec.value <= 0;
    case 'exponential':
    case 'geometric':
      return spec.mean <= 0;
    case 'uniform':
      // Continuous: a single point has probability 0 unless the interval is that point.
      return spec.max <= 0;
    case 'lognormal':
      return false;
    case 'empirical': {
      const w = spec.weights ?? spec.values.map(() => 1);
      return spec.values.some((v, i) => v <= 0 && w[i]! > 0);
    }
  }
}

/** The distribution in a few words for a message ("uniform 0s..0s", "empirical [0, 5]"). */
export function describeSpec(spec: DistributionSpec): string {
  switch (spec.dist) {
    case 'constant':
      return `${spec.value} s`;
    case 'exponential':
    case 'geometric':
      return `${spec.dist} with mean ${spec.mean} s`;
    case 'uniform':
      return `uniform ${spec.min}..${spec.max} s`;
    case 'lognormal':
      return `lognormal mu ${spec.mu}, sigma ${spec.sigma}`;
    case 'empirical':
      return `empirical [${spec.values.slice(0, 5).join(', ')}${spec.values.length > 5 ? ', …' : ''}] s`;
  }
}
