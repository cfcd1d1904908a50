/**
 * A worker thread that runs simulations, started so that V8 optimises its hot functions on
 * the thread itself (TurboFan's synchronous mode) instead of on a background compiler thread.
 *
 * Why: simulation workers are started only to fill the cores (one per usable core, this
 * thread counted). With every core running a simulation there is no idle core for V8's
 * background compiler (≈ 0.7 s of compile work per isolate on server-crash), so concurrent
 * compilation only takes turns with the simulations, and the function runs unoptimised the
 * longer while its compile job waits for a core. On the 2-core machines here `run server-crash`
 * at 10× its duration took 1.66 s with concurrent compilation and 1.56 s without (medians of
 * eight, README "Performance"). A lone thread is the opposite case (an idle core compiles for
 * it): that thread is this one, whose isolate keeps V8's default, concurrent compilation.
 *
 * V8 reads `--concurrent-recompilation` once, when an isolate starts (its optimising compile
 * dispatcher exists or not), so clearing the flag before the first worker starts changes every
 * worker's isolate and leaves this thread's alone; it is never set back, since any later worker
 * is a simulation worker too. The compiled code, and so every result, is the same either way.
 */
import { setFlagsFromString } from 'node:v8';
import { Worker, type WorkerOptions } from 'node:worker_threads';

let synchronous = false;

export function simulationWorker(url: URL, options?: WorkerOptions): Worker {
  if (!synchronous) {
    setFlagsFromString('--no-concurrent-recompilation');
    synchronous = true;
  }
  return new Worker(url, options);
}
