// What the workloads keep on shared storage: checkpoints, datasets and served artefacts.
import { FACILITY } from '../catalog/facility.js';
import type { StorageDemand } from '../cluster/storage.js';
import { checkpointGBOf, datasetBytesPerToken } from '../training/checkpoint-size.js';
import { genericCheckpointGB, genericDatasetTB } from '../generic/generic-storage.js';
import { servingMemoryGB } from '../generic/serve-time.js';
import { weightBytes } from '../inference/precision.js';
import { isGenericInference, isGenericTraining, type Scenario } from '../scenario/schema.js';
import type { Catalogs } from '../catalog/catalogs.js';
import { genericModelOf, llmModel } from './models.js';

/** The storage the scenario's workloads need, whatever the cluster's size. */
export function storageDemand(scenario: Scenario, catalogs: Catalogs): Omit<StorageDemand, 'gpus'> {
  const retained = FACILITY.storage.checkpointsRetained.value;
  let checkpointGB = 0;
  let checkpointsTB = 0;
  let datasetTB = 0;
  let artefactsTB = 0;
  for (const w of scenario.workloads) {
    if (isGenericTraining(w)) {
      const generic = genericModelOf(catalogs, w);
      if (!generic) continue;
      const gb = genericCheckpointGB(generic);
      checkpointGB = Math.max(checkpointGB, gb);
      checkpointsTB += (gb * retained) / 1000;
      datasetTB += genericDatasetTB(generic, w.samples);
    } else if (isGenericInference(w)) {
      const generic = genericModelOf(catalogs, w);
      // The served network at its precision, plus the 16-bit original it was made from.
      if (generic)
        artefactsTB +=
          (servingMemoryGB(generic, w.precision, 0).total + (generic.params * 2) / 1e9) / 1000;
    } else if (w.type === 'training') {
      const model = llmModel(catalogs, w);
      const gb = checkpointGBOf(model.params);
      checkpointGB = Math.max(checkpointGB, gb);
      checkpointsTB += (gb * retained) / 1000;
      datasetTB += (w.tokens * datasetBytesPerToken(model.vocab)) / 1e12;
    } else {
      // The served checkpoint at its precision, plus the 16-bit original it was made from.
      artefactsTB += (llmModel(catalogs, w).params * (weightBytes(w.precision) + 2)) / 1e12;
    }
  }
  return { checkpointGB, checkpointsTB, datasetTB, artefactsTB };
}
