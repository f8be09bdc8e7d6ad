export {
  connectQueue,
  DEFAULT_PREFIX,
  parseQueueAddress,
  QueueAddressError,
  type QueueAddress,
} from './connection.js';
export {
  chunkJobId,
  chunkRanges,
  DEFAULT_CHUNK_SIZE,
  QUEUE_NAME,
  type JobData,
  type SimulationData,
  type SweepChunkData,
  type SweepChunkResult,
} from './jobs.js';
export {
  CancelledError,
  ChunkFailedError,
  runQueuedSimulation,
  runQueuedSweep,
  type QueuedRun,
  type QueuedSweep,
  type SweepHooks,
} from './client.js';
export { QueueWatch } from './watch.js';
export {
  DEFAULT_STALL_INTERVAL_MS,
  startWorker,
  type RunningWorker,
  type WorkerOptions,
} from './worker.js';
export { WorkerMetrics } from './metrics.js';
export { silentLogger, stderrLogger, type Logger, type LogLine } from './log.js';
