// Seeded random numbers for the simulator: core's mulberry32 generator and exponential draws
// (packages/core/src/util/random.ts), so the same seed gives the same sequence on every platform,
// and the further distributions the job sources and failures draw from.
import { exponential, seededRandom, type Random } from '@aidc/core';

export { exponential, seededRandom, type Random };

/** Standard normal by the Box-Muller transform (Box & Muller 1958, Ann. Math. Stat. 29:610). */
export function standardNormal(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Lognormal with the given median (e^mu) and sigma of the underlying normal. */
export function lognormal(random: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * standardNormal(random));
}

/** Seed for an independent stream derived from a base seed (a splitmix-style scramble). */
export function deriveSeed(seed: number, stream: number): number {
  let z = (seed + Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
