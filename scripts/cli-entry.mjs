// The CLI bundle's entry (copied to dist/vendor by scripts/vendor.mjs, bundled from there): the
// modules dist/cli/main.js and the worker entries start from. Each is a function, so that the
// bundle initialises a module and what it imports only when it is first asked for, as Node's
// loader did for the separate files (a worker needs the simulator, not commander or zod).
export const program = () => import('../cli/program.js');
export const io = () => import('../cli/io.js');
export const earlyThreads = () => import('../cli/early-threads.js');
export const strategyWorker = () => import('../experiment/strategy-worker.js');
export const replicationWorker = () => import('../experiment/replication-worker.js');
