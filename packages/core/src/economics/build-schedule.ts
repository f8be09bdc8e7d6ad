// When the capital goes out: design, then each phase's hall built over the construction months
// that end at its energisation, and its hardware bought in that month; hardware bought again every
// refresh. Capex is spent evenly within each stage (a straight line, not an S-curve).

export interface Phase {
  readonly gpus: number;
  readonly onlineMonth: number;
}

export interface BuildSchedule {
  readonly designMonths: number;
  readonly constructionMonths: number;
  /** Share of the facility capex spent in design (the rest in construction). */
  readonly designCapexShare: number;
  readonly phases: readonly Phase[];
}

/** A phase with when its hall's construction starts, and its share of the capacity. */
export interface ScheduledPhase extends Phase {
  readonly constructionStartMonth: number;
  readonly share: number;
}

/**
 * The phases in order of energisation, with their GPU counts scaled to `gpus` (largest remainder,
 * so they sum to it exactly) and their construction start (never before design ends).
 * @example schedulePhases({ designMonths: 6, constructionMonths: 18, designCapexShare: 0.05,
 *   phases: [{ gpus: 1, onlineMonth: 24 }, { gpus: 1, onlineMonth: 36 }] }, 1024)
 *   // 512 GPUs online at 24 (built from month 7), 512 at 36 (built from 19)
 */
export function schedulePhases(s: BuildSchedule, gpus: number): ScheduledPhase[] {
  const sorted = [...s.phases].sort((a, b) => a.onlineMonth - b.onlineMonth);
  const total = sorted.reduce((sum, p) => sum + p.gpus, 0);
  const exact = sorted.map((p) => (p.gpus / total) * gpus);
  const counts = exact.map(Math.floor);
  let left = gpus - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (left <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
    left--;
  }
  return sorted.map((p, i) => ({
    gpus: counts[i] ?? 0,
    onlineMonth: p.onlineMonth,
    // No earlier than design's end, no later than energisation (no construction months: all then).
    constructionStartMonth: Math.min(
      p.onlineMonth,
      Math.max(s.designMonths + 1, p.onlineMonth - Math.max(1, s.constructionMonths) + 1),
    ),
    share: gpus > 0 ? (counts[i] ?? 0) / gpus : 0,
  }));
}

/**
 * The facility capex spent in each month 1..months (index 0 unused): the design share evenly over
 * the design months, each phase's share of the rest evenly over its construction months.
 */
export function facilitySpendByMonth(
  s: BuildSchedule,
  phases: readonly ScheduledPhase[],
  facilityUsd: number,
  months: number,
): number[] {
  const spend = new Array<number>(months + 1).fill(0);
  const add = (from: number, to: number, usd: number) => {
    const n = to - from + 1;
    for (let m = from; m <= to; m++)
      if (m >= 1 && m <= months) spend[m] = (spend[m] ?? 0) + usd / n;
  };
  const design = s.designMonths > 0 ? facilityUsd * s.designCapexShare : 0;
  if (design > 0) add(1, s.designMonths, design);
  for (const p of phases)
    add(p.constructionStartMonth, p.onlineMonth, (facilityUsd - design) * p.share);
  return spend;
}
