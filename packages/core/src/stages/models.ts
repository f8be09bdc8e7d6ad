// A workload's model from the plan's catalogs: its own shape, or the preset it names there.
import type { GenericModel } from '../generic/generic-model.js';
import { resolveGenericModel } from '../generic/generic-model.js';
import type { Catalogs } from '../catalog/catalogs.js';
import type {
  GenericInferenceWorkload,
  GenericTrainingWorkload,
  ModelShapeInput,
} from '../scenario/schema.js';
import { resolveModel, type ModelShape } from '../training/model-shape.js';

/** An LLM workload's model (the scenario check has reported an unknown preset). */
export function llmModel(
  catalogs: Catalogs,
  w: { readonly model: string | ModelShapeInput },
): ModelShape {
  return resolveModel(w, catalogs.models);
}

/** A generic workload's network, or undefined for an id no catalog lists. */
export function genericModelOf(
  catalogs: Catalogs,
  w: GenericTrainingWorkload | GenericInferenceWorkload,
): GenericModel | undefined {
  return resolveGenericModel(w.model, catalogs.genericModels);
}

/** A generic workload's network from a validated scenario. */
export function genericModel(
  catalogs: Catalogs,
  w: GenericTrainingWorkload | GenericInferenceWorkload,
): GenericModel {
  const model = genericModelOf(catalogs, w);
  if (!model)
    throw new Error(`unknown generic model ${String(w.model)} (validate the scenario first)`);
  return model;
}
