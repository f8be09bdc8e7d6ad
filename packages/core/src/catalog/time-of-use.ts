// A time-of-use tariff as the grid publishes it (prices per period, the period hours of a day, a
// sharp peak in some months taken out of the peak hours), and the average price a load drawing
// the same power every hour of the year pays under it: an AI data centre's load is close to flat.
import { z } from 'zod';

export interface TimeOfUse {
  /** Energy price of each period, in the tariff's currency per kWh. */
  readonly sharp?: number | undefined;
  readonly peak: number;
  readonly flat: number;
  readonly valley: number;
  /** Hours of each period in a day (they sum to 24). */
  readonly hoursPerDay: { readonly peak: number; readonly flat: number; readonly valley: number };
  /** Hours a day of the sharp peak, taken out of the peak hours, in `sharpMonths` (1-12). */
  readonly sharpHoursPerDay?: number | undefined;
  readonly sharpMonths?: readonly number[] | undefined;
  /** Units of the tariff's currency per USD (the conversion of the price). */
  readonly localPerUsd: number;
}

/** The tariff's schema, built when a catalog holding one is checked (zod schemas cost start-up). */
export function timeOfUseSchema() {
  const positive = z.number().positive();
  return z
    .strictObject({
      sharp: positive.optional(),
      peak: positive,
      flat: positive,
      valley: positive,
      hoursPerDay: z.strictObject({ peak: positive, flat: positive, valley: positive }),
      sharpHoursPerDay: positive.optional(),
      sharpMonths: z.array(z.number().int().min(1).max(12)).optional(),
      localPerUsd: positive,
    })
    .superRefine((t, ctx) => {
      const h = t.hoursPerDay;
      if (Math.abs(h.peak + h.flat + h.valley - 24) > 1e-9)
        ctx.addIssue({ code: 'custom', path: ['hoursPerDay'], message: 'the periods sum to 24 h' });
      const sharp = [t.sharp, t.sharpHoursPerDay, t.sharpMonths].filter((x) => x !== undefined);
      if (sharp.length !== 0 && sharp.length !== 3)
        ctx.addIssue({
          code: 'custom',
          path: ['sharp'],
          message: 'sharp, its hours and its months together',
        });
      if ((t.sharpHoursPerDay ?? 0) > h.peak)
        ctx.addIssue({
          code: 'custom',
          path: ['sharpHoursPerDay'],
          message: 'within the peak hours',
        });
    });
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The year's average price of a flat (24/7) load, in the tariff's currency per kWh: each day's
 *  hours at their period's price, a sharp-peak month's sharp hours at the sharp price instead of
 *  the peak's, weighted by the days of each month (a 365-day year). */
export function flatLoadPrice(t: TimeOfUse): number {
  const h = t.hoursPerDay;
  const ordinaryDay = h.peak * t.peak + h.flat * t.flat + h.valley * t.valley;
  const sharpMonths = new Set(t.sharpMonths ?? []);
  const sharpExtra =
    t.sharp !== undefined && t.sharpHoursPerDay !== undefined
      ? t.sharpHoursPerDay * (t.sharp - t.peak)
      : 0;
  let cost = 0;
  let hours = 0;
  DAYS_IN_MONTH.forEach((days, i) => {
    cost += days * (ordinaryDay + (sharpMonths.has(i + 1) ? sharpExtra : 0));
    hours += days * 24;
  });
  return cost / hours;
}
