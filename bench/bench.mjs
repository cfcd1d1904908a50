// The engine benchmark behind `npm run bench`: a fixed reference scenario of about
// 1,070,000 requests over 520 simulated seconds (the first ~100 s ramp up to steady state) (sticky-cookie, 8 servers × 8 workers, utilisation ≈ 0.8), run
// three times; prints simulated requests per wall-clock second and peak memory.
import { resolveScenario, runStrategy } from '../dist/index.js';

const scenario = resolveScenario(
  {
    name: 'bench: 8 servers at utilisation 0.8',
    seed: 1,
    duration: '520s',
    warmup: '0s',
    clients: {
      // 128 sessions/s × 20 requests = 2560 requests/s; capacity 8 × 8 / 20 ms = 3200/s ⇒ ρ = 0.8.
      arrivalRate: 128,
      requestsPerSession: { dist: 'geometric', mean: 20 },
      thinkTime: { dist: 'exponential', mean: '5s' },
    },
    servers: { count: 8, workers: 8, queueLimit: 1000, serviceTime: { dist: 'exponential', mean: '20ms' } },
    loadBalancer: { algorithm: 'round-robin' },
    strategies: [{ name: 'sticky-cookie', type: 'sticky', affinity: 'cookie' }],
  },
  'bench',
);

const runs = [];
let peakRss = 0;
for (let i = 0; i < 3; i++) {
  const t0 = process.hrtime.bigint();
  const r = runStrategy(scenario, scenario.strategies[0]);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const requests = r.metrics.requests;
  runs.push({ seconds, requests, events: r.stats.eventsProcessed });
  console.error(`run ${i + 1}: ${requests} requests, ${r.stats.eventsProcessed} events in ${seconds.toFixed(3)} s`);
}
const best = runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
const maxRssMiB = process.resourceUsage().maxRSS / 1024;
console.log(`simulated requests per second: ${Math.round(best.requests / best.seconds).toLocaleString('en-US')} (best of ${runs.length}; ${best.requests.toLocaleString('en-US')} requests in ${best.seconds.toFixed(3)} s)`);
console.log(`events per second: ${Math.round(best.events / best.seconds).toLocaleString('en-US')}`);
console.log(`peak memory (max RSS): ${maxRssMiB.toFixed(0)} MiB`);
