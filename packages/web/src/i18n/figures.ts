// Labels of the figures a sweep row and a comparison carry (core's key figures and a sweep's
// per-workload detail), in English and Chinese; a key without one (a varied scenario key such as
// cluster.gpus) shows as itself.
import type { Locale } from './index.js';

const LABELS: Readonly<Record<string, readonly [en: string, zh: string]>> = {
  feasible: ['Feasible', '可行'],
  reason: ['Why infeasible', '不可行原因'],
  gpus: ['GPUs', 'GPU 数'],
  servers: ['Servers', '服务器数'],
  racks: ['Racks', '机柜数'],
  spareServers: ['Hot spare servers', '热备服务器'],
  layout: ['Layout', '并行布局'],
  stepTimeS: ['Step time (s)', '步长时间（秒）'],
  mfu: ['MFU', 'MFU'],
  idealDays: ['Days at steady speed', '稳态天数'],
  days: ['Training days', '训练天数'],
  gpuHours: ['GPU-hours', 'GPU 小时'],
  goodput: ['Goodput', '有效产出率'],
  energyMWh: ['Run energy (MWh)', '训练能耗（MWh）'],
  tCO2e: ['Run emissions (tCO₂e)', '训练排放（tCO₂e）'],
  runCostUsd: ['Run cost ($)', '训练成本（美元）'],
  outputTokensPerS: ['Output tokens/s', '输出 token/秒'],
  ttftMs: ['Time to first token (ms)', '首 token 时间（毫秒）'],
  tpotMs: ['Time per output token (ms)', '每输出 token 时间（毫秒）'],
  usdPerMillionOutputTokens: ['$ per M output tokens', '每百万输出 token 成本（美元）'],
  samplesPerS: ['Samples/s', '样本/秒'],
  samplesPerSPerGpu: ['Samples/s per GPU', '每 GPU 样本/秒'],
  batchSize: ['Batch size', '批大小'],
  latencyMs: ['Latency (ms)', '延迟（毫秒）'],
  usdPerMillionSamples: ['$ per M samples', '每百万样本成本（美元）'],
  itPowerMW: ['IT power (MW)', 'IT 功率（MW）'],
  pue: ['PUE', 'PUE'],
  facilityPowerMW: ['Facility power (MW)', '设施功率（MW）'],
  capexUsd: ['Capex ($)', '资本支出（美元）'],
  tcoUsd: ['TCO ($)', '总拥有成本（美元）'],
  usdPerGpuHour: ['$ per GPU-hour', '每 GPU 小时成本（美元）'],
  npvUsd: ['NPV ($)', '净现值（美元）'],
  firmNpvUsd: ['NPV of the cash flows ($)', '现金流净现值（美元）'],
  firmIrr: ['Project IRR', '项目内部收益率'],
  paybackYears: ['Payback (years)', '回收期（年）'],
  equityNpvUsd: ['Equity NPV ($)', '股权净现值（美元）'],
  equityIrr: ['Equity IRR', '股权内部收益率'],
  peakEquityUsd: ['Peak equity in ($)', '最大股权投入（美元）'],
  energyMWhPerYear: ['Energy (MWh/year)', '年能耗（MWh）'],
  tCO2ePerYear: ['Emissions, market-based (tCO₂e/year)', '年排放，市场法（tCO₂e）'],
  locationTCO2ePerYear: ['Emissions, location-based (tCO₂e/year)', '年排放，位置法（tCO₂e）'],
  embodiedTCO2e: ['Embodied emissions (tCO₂e)', '隐含排放（tCO₂e）'],
};

/** A figure's label in the locale, or the key itself when it has none. */
export function figureLabel(key: string, locale: Locale): string {
  const labels = LABELS[key];
  return labels ? labels[locale === 'zh-CN' ? 1 : 0] : key;
}
