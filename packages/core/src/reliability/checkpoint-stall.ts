// What a checkpoint costs the run: the time training stops (the stall) and the time until the
// checkpoint is safe on storage (the persist time). A synchronous save stops training until the
// shards are written; an asynchronous save (Megatron-Core/NeMo `ckpt_async_save`, PyTorch DCP
// `async_save`) stops it only to stage each GPU's shard in host memory and writes in the background.
// Sources: PyTorch blog "Reducing Model Checkpointing Times by Over 10x with PyTorch Distributed
// Asynchronous Checkpointing" (2024-06); Dubey et al. 2024, "The Llama 3 Herd of Models", Sec. 3.3.1.

export type CheckpointSave = 'async' | 'sync';

export interface CheckpointFigures {
  /** Fixed blocking part of every save: planning, barriers, staging setup. */
  readonly coordinationS: number;
  /** Device-to-host copy rate per GPU when every GPU stages its shard at once. */
  readonly hostCopyGBpsPerGpu: number;
  /** Share of the storage's rated write bandwidth a checkpoint burst sustains. */
  readonly sustainedWriteFraction: number;
}

export interface CheckpointCost {
  readonly save: CheckpointSave;
  /** Training stopped per checkpoint. */
  readonly stallS: number;
  /** From the start of the save until the checkpoint is complete on storage. */
  readonly persistS: number;
  /** Seconds of each failure's lost work added because the newest checkpoint was still in flight. */
  readonly inFlightS: number;
  /** Each GPU's shard (fully parallel save: the checkpoint split over every GPU). */
  readonly shardGB: number;
}

export function checkpointCost(
  save: CheckpointSave,
  checkpointGB: number,
  gpus: number,
  ratedWriteGBps: number,
  f: CheckpointFigures,
): CheckpointCost {
  if (checkpointGB <= 0 || gpus <= 0) {
    return { save, stallS: 0, persistS: 0, inFlightS: 0, shardGB: 0 };
  }
  const shardGB = checkpointGB / gpus;
  const stageS = shardGB / f.hostCopyGBpsPerGpu;
  const sustained = ratedWriteGBps * f.sustainedWriteFraction;
  const writeS = sustained > 0 ? checkpointGB / sustained : 0;
  const persistS = f.coordinationS + stageS + writeS;
  return save === 'sync'
    ? { save, stallS: persistS, persistS, inFlightS: 0, shardGB }
    : { save, stallS: f.coordinationS + stageS, persistS, inFlightS: writeS, shardGB };
}
