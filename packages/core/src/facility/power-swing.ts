// Power swings of a training job: when every GPU of a job waits at once (a synchronous
// checkpoint, a failure, the job's start or stop) its servers fall from training to idle draw
// and back within seconds. Dubey et al. 2024 ("The Llama 3 Herd of Models", Sec. 3.3.4): on 16k
// GPUs this swings power across the data centre "on the order of tens of megawatts". The step
// lands on the UPS input and, during an outage, on the generators (ISO 8528-5 load acceptance).
export interface PowerSwingInput {
  readonly jobServers: number;
  readonly serverNameplateKW: number;
  /** Training and idle draw as shares of nameplate. */
  readonly trainingLoad: number;
  readonly idleLoad: number;
  readonly pue: number;
  readonly save: 'async' | 'sync';
  readonly checkpointIntervalMin: number;
  readonly interruptionsPerDay: number;
  /** Generator capacity at its rating, MW (0: the host's plant). */
  readonly generatorMW: number;
  /** Share of rating a set accepts in one step. */
  readonly generatorStepFraction: number;
  readonly gridReviewMW: number;
}

export interface PowerSwing {
  /** IT load that drops and returns at once. */
  readonly itMW: number;
  /** The same with cooling and losses following (minutes later): what the grid sees. */
  readonly facilityMW: number;
  /** Drops (or rises) of the whole job per day: two per synchronous checkpoint and failure. */
  readonly eventsPerDay: number;
  readonly cause: string;
  /** The step against the generators' rating (0 without generators). */
  readonly shareOfGenerators: number;
  readonly exceedsGeneratorStep: boolean;
  readonly needsGridReview: boolean;
}

export function powerSwing(i: PowerSwingInput): PowerSwing {
  const itMW = (i.jobServers * i.serverNameplateKW * (i.trainingLoad - i.idleLoad)) / 1000;
  const checkpointsPerDay =
    i.save === 'sync' && i.checkpointIntervalMin > 0 ? (24 * 60) / i.checkpointIntervalMin : 0;
  const share = i.generatorMW > 0 ? itMW / i.generatorMW : 0;
  return {
    itMW,
    facilityMW: itMW * i.pue,
    eventsPerDay: 2 * (checkpointsPerDay + i.interruptionsPerDay),
    cause:
      i.save === 'sync'
        ? 'synchronous checkpoints, failures, job start and stop'
        : 'failures, job start and stop (asynchronous checkpoints do not pause the GPUs)',
    shareOfGenerators: share,
    exceedsGeneratorStep: i.generatorMW > 0 && share > i.generatorStepFraction,
    needsGridReview: itMW * i.pue >= i.gridReviewMW,
  };
}

export function powerSwingWarning(s: PowerSwing, stepFraction: number): string | undefined {
  if (!s.exceedsGeneratorStep && !s.needsGridReview) return undefined;
  const parts = [
    `the training job swings ${s.itMW.toFixed(1)} MW of IT load (${s.facilityMW.toFixed(1)} MW with cooling) about ${s.eventsPerDay.toFixed(0)} times a day (${s.cause}; Llama 3 reports swings of tens of MW)`,
  ];
  if (s.exceedsGeneratorStep) {
    parts.push(
      `on generators that step is ${(s.shareOfGenerators * 100).toFixed(0)}% of their rating, above the ~${(stepFraction * 100).toFixed(0)}% a turbocharged set accepts at once (ISO 8528-5)`,
    );
  }
  if (s.needsGridReview) {
    parts.push('the utility will want a ramp and fluctuation study for the interconnection');
  }
  parts.push(
    `${s.cause.startsWith('synchronous') ? 'asynchronous checkpoints (reliability.checkpointSave: async), ' : ''}GPU power smoothing or a minimum power floor, ramped job start and stop, and battery storage at the UPS mitigate it`,
  );
  return parts.join('; ');
}
