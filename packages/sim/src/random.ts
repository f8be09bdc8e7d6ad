// Seeded random numbers for the simulator: the mulberry32 generator core uses (Tommy Ettinger's
// public-domain 32-bit generator; packages/core/src/util/random.ts), so the same seed gives the
// same sequence on every platform, and the distributions the job sources and failures draw from.
export type Random = () => number;

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exponentially distributed with the given mean (inverse transform). */
export function exponential(random: Random, mean: number): number {
  return -mean * Math.log(1 - random());
}

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
