/**
 * Tasks through an executor in index order, for replications, warm-up pilots and a run's
 * strategies on threads: results land by index, so the order they finish in changes nothing.
 */
import type { ReplicationTask, TaskResult } from './replication-task.js';
import type { Executor } from './worker-pool.js';

/**
 * Run tasks 0, 1, 2, … with up to executor.parallel at once, and return the results of
 * 0..n−1 for the first n ≥ `first` at which `enough(prefix)` holds (or n = cap). The rule is
 * evaluated on each prefix length in turn, whatever order tasks finish in.
 */
export function runInOrder<T>(
  executor: Executor,
  task: (index: number) => ReplicationTask,
  extract: (r: TaskResult) => T,
  first: number,
  cap: number,
  enough: (prefix: T[]) => boolean,
  onDone?: (done: number) => void,
): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const results: (T | undefined)[] = [];
    let next = 0;
    let prefix = 0;
    let inFlight = 0;
    let finished = false;
    const launch = (): void => {
      while (!finished && inFlight < executor.parallel && next < cap) {
        const i = next++;
        inFlight++;
        executor.run(task(i)).then(
          (r) => {
            inFlight--;
            if (finished) return;
            try {
              results[i] = extract(r);
              while (prefix < cap && results[prefix] !== undefined) {
                prefix++;
                onDone?.(prefix);
                if (prefix >= first && (prefix === cap || enough(results.slice(0, prefix) as T[]))) {
                  finished = true;
                  resolve(results.slice(0, prefix) as T[]);
                  return;
                }
              }
              launch();
            } catch (e) {
              finished = true;
              reject(e);
            }
          },
          (e: unknown) => {
            inFlight--;
            if (!finished) {
              finished = true;
              reject(e);
            }
          },
        );
      }
    };
    launch();
  });
}
