// What a tier buys: the downtime it saves over Tier II (Uptime Institute availability basis) and
// the capex it adds, set beside what IT failures already cost a training run. A run that loses
// 10% or more to interruptions and restarts from checkpoints gains little from ~20 more hours a
// year of site availability.
export interface TierValue {
  readonly comparedWith: 'II';
  readonly extraCapexUsd: number;
  readonly downtimeHoursSavedPerYear: number;
}

export function tierValueWarning(
  tier: string,
  value: TierValue | undefined,
  failureLoss: number,
  threshold = 0.1,
): string | undefined {
  if (!value || value.extraCapexUsd <= 0 || failureLoss < threshold) return undefined;
  return `Tier ${tier} buys ${value.downtimeHoursSavedPerYear.toFixed(1)} hours a year of site availability over Tier II for $${(value.extraCapexUsd / 1e6).toFixed(1)}M more facility capex, while IT failures cost the training run ${(failureLoss * 100).toFixed(0)}% of its time; a checkpointed training cluster restarts after a site outage like after any failure, so cluster.tier: II may be the better buy`;
}
