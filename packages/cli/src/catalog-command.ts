// `aidc catalog gpus|models|fabrics [--sources]`.
import { FABRICS, GPUS, MODEL_PRESETS } from '@aidc/core';
import { si, table } from './format.js';

export const CATALOG_KINDS = ['gpus', 'models', 'fabrics'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

export function formatCatalog(kind: CatalogKind, sources: boolean): string {
  if (kind === 'gpus') {
    const rows = GPUS.map((g) => {
      const p = g.peakDenseTflops.value;
      return [
        g.id,
        String(p.bf16 ?? p.fp16 ?? '-'),
        String(p.fp8 ?? '-'),
        String(p.fp4 ?? '-'),
        String(g.hbmGB.value),
        String(g.hbmTBps.value),
        String(g.scaleUpGBps.value),
        String(g.scaleUpDomainGpus.value),
        String(g.scaleOutGbpsPerGpu.value ?? '-'),
        String(g.tdpW.value ?? '-'),
      ];
    });
    const text = table(rows, [
      'id',
      'bf16 TF',
      'fp8 TF',
      'fp4 TF',
      'HBM GB',
      'HBM TB/s',
      'scale-up GB/s',
      'domain',
      'NIC Gb/s',
      'TDP W',
    ]);
    if (!sources) return text;
    const src = GPUS.flatMap((g) => [
      `${g.id}:`,
      ...Object.entries(g)
        .filter(([, v]) => typeof v === 'object' && v !== null && 'source' in v)
        .map(([k, v]) => `  ${k}: ${(v as { source: string }).source}`),
    ]);
    return `${text}\n\nSources:\n${src.join('\n')}`;
  }
  if (kind === 'models') {
    const rows = MODEL_PRESETS.map((m) => [
      m.id,
      si(m.params),
      String(m.shape.layers),
      String(m.shape.hidden),
      `${m.shape.heads}/${m.shape.kvHeads}`,
      `${m.shape.ffnHidden} ${m.shape.ffnType}`,
      String(m.shape.vocab),
      m.shape.moe
        ? `${m.shape.moe.activeExperts}+${m.shape.moe.sharedExperts} of ${m.shape.moe.experts}`
        : '-',
    ]);
    const text = table(rows, [
      'id',
      'params',
      'layers',
      'hidden',
      'heads/kv',
      'ffn',
      'vocab',
      'experts',
    ]);
    return sources
      ? `${text}\n\nSources:\n${MODEL_PRESETS.map((m) => `${m.id}: ${m.source}`).join('\n')}`
      : text;
  }
  const rows = FABRICS.map((f) => [
    f.id,
    String(f.portGbps.value),
    String(f.switchRadix.value),
    String(f.switchLatencyUs.value),
  ]);
  const text = table(rows, ['id', 'port Gb/s', 'radix', 'latency us']);
  if (!sources) return text;
  const src = FABRICS.flatMap((f) => [
    `${f.id}:`,
    `  portGbps: ${f.portGbps.source}`,
    `  switchRadix: ${f.switchRadix.source}`,
    `  switchLatencyUs: ${f.switchLatencyUs.source}`,
  ]);
  return `${text}\n\nSources:\n${src.join('\n')}`;
}
