// The building blocks of the plan's zod schema: finite numbers (zod 4 numbers reject NaN and
// Infinity, and JSON carries neither), whole counts, and keys that may be absent but are never
// written as undefined (the plan's exactOptionalPropertyTypes).
import { z } from 'zod';

/** A finite number. */
export const num = z.number();
/** A whole count (GPUs, servers, switches, ports): an integer, at least 0. */
export const count = z.int().min(0);
/** A share between 0 and 1 (goodput, MFU, load fraction). */
export const share = z.number().min(0).max(1);

/** A key that is either absent or holds a value (never `undefined`). */
export const absentOr = <T extends z.ZodType>(schema: T) => z.exactOptional(schema);

/** An object with every key of `keys` required, each a finite number. */
export function numbersByKey<const K extends readonly string[]>(keys: K) {
  const shape = Object.fromEntries(keys.map((k) => [k, num])) as { [P in K[number]]: typeof num };
  return z.strictObject(shape);
}
