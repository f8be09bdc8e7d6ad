import { describe, expect, it } from 'vitest';
import { facilitySpendByMonth, schedulePhases } from './build-schedule.js';

describe('the build schedule', () => {
  const schedule = {
    designMonths: 6,
    constructionMonths: 18,
    designCapexShare: 0.05,
    phases: [
      { gpus: 1, onlineMonth: 36 },
      { gpus: 3, onlineMonth: 24 },
    ],
  };

  it('phases in order of energisation, scaled to the GPUs, each hall built over the months before', () => {
    const phases = schedulePhases(schedule, 1000);
    expect(phases.map((p) => [p.gpus, p.onlineMonth, p.constructionStartMonth])).toEqual([
      [750, 24, 7],
      [250, 36, 19],
    ]);
    // Largest remainder: 1,001 GPUs in thirds are 334, 334, 333.
    const thirds = schedulePhases(
      { ...schedule, phases: [1, 2, 3].map((k) => ({ gpus: 1, onlineMonth: 20 + k })) },
      1001,
    );
    expect(thirds.map((p) => p.gpus)).toEqual([334, 334, 333]);
  });

  it('$100M of facility: $5M over the 6 design months, then each phase its share over 18 months', () => {
    const phases = schedulePhases(schedule, 1000);
    const spend = facilitySpendByMonth(schedule, phases, 100e6, 48);
    expect(spend[1]).toBeCloseTo(5e6 / 6, 6);
    // Month 7: phase 1's hall only, 75% of $95M over 18 months.
    expect(spend[7]).toBeCloseTo((0.75 * 95e6) / 18, 6);
    // Month 20: both halls, phase 2's 25% of $95M over its 18 months too.
    expect(spend[20]).toBeCloseTo((0.75 * 95e6) / 18 + (0.25 * 95e6) / 18, 6);
    expect(spend.reduce((a, b) => a + b, 0)).toBeCloseTo(100e6, 3);
  });

  it('without design or construction months the whole facility is spent at energisation', () => {
    const now = {
      designMonths: 0,
      constructionMonths: 0,
      designCapexShare: 0.05,
      phases: [{ gpus: 8, onlineMonth: 1 }],
    };
    const phases = schedulePhases(now, 8);
    expect(phases[0]?.constructionStartMonth).toBe(1);
    expect(facilitySpendByMonth(now, phases, 10e6, 12)[1]).toBeCloseTo(10e6, 6);
  });
});
