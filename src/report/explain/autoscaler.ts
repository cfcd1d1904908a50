/**
 * Explain sentences for the autoscalers: each scaling action (from, to, why, which servers) and
 * each launched server finishing its boot.
 */
import { listWords } from './words.js';
import type { Narration } from './story.js';

/** Sentences by event type. */
export const autoscalerNarrations: Record<string, Narration> = {
  'autoscaler-scale': (ctx, { has, rec }) => {
    const a = ctx.config.autoscaler;
    const who = a?.type === 'target-tracking' ? 'the target-tracking policy' : 'the HPA';
    // Strategies whose action was the same (same sizes, same reason) share one clause.
    const byAction = new Map<string, string[]>();
    for (const n of has) {
      const d = rec(n);
      const key = `from ${d.from} to ${d.to} servers (${d.reason})${d.removing !== undefined ? `, draining ${d.removing} for ${d.drainSeconds} s first` : ''}`;
      byAction.set(key, [...(byAction.get(key) ?? []), n]);
    }
    const clauses = [...byAction].map(([key, names]) => `${key} under ${names.length === ctx.all && ctx.all > 1 ? 'every strategy' : listWords(names)}`);
    const up = has.some((n) => (rec(n).to as number) > (rec(n).from as number));
    return `${who} ${up ? 'scaled out' : 'scaled in'}: ${clauses.join('; ')}.`;
  },
  'server-booted': (ctx, { g, has }) =>
    `s${g.server} finished booting under ${has.length === ctx.all && ctx.all > 1 ? 'every strategy' : listWords(has)}; it gets traffic once ${ctx.config.loadBalancer.healthCheck.rise} health checks in a row pass.`,
};
