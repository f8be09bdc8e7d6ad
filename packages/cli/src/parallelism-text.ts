// A training layout in words, for the terminal and the HTML report alike.
import type { PlannedTraining } from '@aidc/core';

/** "tp 8, pp 8, dp 128, cp 2, microbatch 1, 8 virtual stages": only the dimensions in use. */
export function parallelismText(t: Pick<PlannedTraining, 'parallelism'>): string {
  const p = t.parallelism;
  const parts = [`tp ${p.tp}`, `pp ${p.pp}`, `dp ${p.dp}`];
  if (p.cp > 1) parts.push(`cp ${p.cp}`);
  if (p.ep > 1) parts.push(`ep ${p.ep}`);
  if (p.ep > 1 && p.etp !== p.tp) parts.push(`etp ${p.etp}`);
  parts.push(`microbatch ${p.microBatch}`);
  if (p.virtualStages > 1) parts.push(`${p.virtualStages} virtual stages`);
  return parts.join(', ');
}
