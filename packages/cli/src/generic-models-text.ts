// `aidc catalog models`, second table: the non-LLM presets (trained with samples and
// globalBatchSamples), their per-sample figures and, with --sources, where each comes from.
import { GENERIC_MODEL_PRESETS } from '@aidc/core';
import { si, table } from './format.js';

export function genericModelsText(sources: boolean): string {
  const rows = GENERIC_MODEL_PRESETS.map((m) => [
    m.id,
    m.family,
    si(m.forwardFlopsPerSample.value),
    si(m.params.value),
    si(m.activationBytesPerSample.value),
    si(m.inputBytesPerSample.value),
    m.embedding ? si(m.embedding.value.tableBytes) : '-',
  ]);
  const text = table(rows, [
    'id',
    'family',
    'fwd FLOP/sample',
    'params',
    'activation B',
    'input B',
    'tables B',
  ]);
  const head = 'Non-LLM networks (a training workload with samples and globalBatchSamples):';
  if (!sources) return `${head}\n${text}`;
  const line = (key: string, f: { source: string; confidence?: string | undefined } | undefined) =>
    f ? [`  ${key} [${f.confidence ?? 'unrated'}]: ${f.source}`] : [];
  const lines = GENERIC_MODEL_PRESETS.flatMap((m) => [
    `${m.id} (${m.sample}):`,
    ...line('forwardFlopsPerSample', m.forwardFlopsPerSample),
    ...line('params', m.params),
    ...line('activationBytesPerSample', m.activationBytesPerSample),
    ...line('inputBytesPerSample', m.inputBytesPerSample),
    ...line('embedding', m.embedding),
    ...line('samplesPerEpoch', m.samplesPerEpoch),
  ]);
  return `${head}\n${text}\n\nSources:\n${lines.join('\n')}`;
}
