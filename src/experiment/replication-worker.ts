/**
 * Entry point of a worker thread (compiled to dist/experiment/replication-worker.js): receives
 * the resolved scenario once, then runs one task per message and answers with its result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SimulationConfig } from '../model/config.js';
import { runTask, type ReplicationTask } from './replication-task.js';

const config = (workerData as { config: SimulationConfig }).config;
const port = parentPort!;
port.on('message', (task: ReplicationTask) => {
  try {
    port.postMessage({ ok: true, result: runTask(config, task) });
  } catch (e) {
    const err = e as Error;
    port.postMessage({ ok: false, message: err.message, stack: err.stack ?? '' });
  }
});
