// What every plan must satisfy whatever its input: every number finite (no NaN, Infinity or
// null), and the physical bounds of its ratios.
import type { Plan } from '../plan.js';

/** Key paths of every NaN, infinite or null value in a plan, e.g. `cost.usdPerGpuHour`. */
export function nonFiniteNumbers(value: unknown, path = ''): string[] {
  if (value === null) return [path || '(root)'];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFiniteNumbers(v, `${path}[${i}]`));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      v === undefined ? [] : nonFiniteNumbers(v, path ? `${path}.${k}` : k),
    );
  }
  return [];
}

/** Ratios outside what physics allows: MFU and HFU in [0, 1], PUE >= 1, goodput in (0, 1]. */
export function physicalBoundViolations(plan: Plan): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  plan.workloads.forEach((w, i) => {
    const t = w.training;
    if (t) {
      check(t.mfu > 0 && t.mfu <= 1, `workloads[${i}].mfu = ${t.mfu}`);
      check(t.stepTimeS > 0, `workloads[${i}].stepTimeS = ${t.stepTimeS}`);
      check(t.days >= t.idealDays * 0.999, `workloads[${i}].days < idealDays`);
      const g = t.reliability?.goodput;
      if (g !== undefined) check(g > 0 && g <= 1, `workloads[${i}].goodput = ${g}`);
    }
    const n = w.genericTraining;
    if (n) {
      check(n.mfu > 0 && n.mfu <= 1, `workloads[${i}].genericTraining.mfu = ${n.mfu}`);
      check(n.stepTimeS > 0, `workloads[${i}].genericTraining.stepTimeS = ${n.stepTimeS}`);
      check(n.days >= n.idealDays * 0.999, `workloads[${i}].genericTraining.days < idealDays`);
      check(
        n.memoryPerGpuGB.total <= n.memoryCapacityGB,
        `workloads[${i}].genericTraining memory ${n.memoryPerGpuGB.total} GB over ${n.memoryCapacityGB}`,
      );
    }
    const r = w.inference;
    if (r) {
      check(r.gpus > 0, `workloads[${i}].gpus = ${r.gpus}`);
      check(r.outputTokensPerS >= 0, `workloads[${i}].outputTokensPerS = ${r.outputTokensPerS}`);
    }
  });
  if (plan.facility) check(plan.facility.pue >= 1, `facility.pue = ${plan.facility.pue}`);
  if (plan.cost) {
    check(plan.cost.capexUsd.total >= 0, 'cost.capexUsd.total < 0');
    check(plan.cost.usdPerGpuHour >= 0, 'cost.usdPerGpuHour < 0');
  }
  return out;
}
