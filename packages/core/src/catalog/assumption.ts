// An assumption as the plan lists it: a default or catalog figure the energy, carbon and cost
// figures rest on, with its source and how it is known.
import { CONFIDENCE_KINDS, type Confidence } from './sourced.js';

export interface Assumption {
  readonly name: string;
  readonly value: string;
  readonly source: string;
  /** How the figure is known: the weakest kind among the catalog figures behind it (absent for
   *  the scenario's own figures). */
  readonly confidence?: Confidence;
}

/** The weakest confidence kind among figures, or undefined when any is the scenario's own. */
export function weakest(
  ...figures: readonly { confidence?: Confidence | undefined }[]
): Confidence | undefined {
  let worst = -1;
  for (const f of figures) {
    if (f.confidence === undefined) return undefined;
    worst = Math.max(worst, CONFIDENCE_KINDS.indexOf(f.confidence));
  }
  return CONFIDENCE_KINDS[worst];
}
export const kindOf = (...figures: readonly { confidence?: Confidence | undefined }[]) => {
  const c = weakest(...figures);
  return c !== undefined ? { confidence: c } : {};
};
