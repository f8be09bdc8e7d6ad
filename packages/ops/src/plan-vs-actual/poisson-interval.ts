// The exact (Garwood 1936, "Fiducial limits for the Poisson distribution", Biometrika 28) confidence
// interval for a Poisson mean from k observed events, through the chi-square/gamma relation:
// lower = χ²(α/2; 2k) / 2 = Γ⁻¹(α/2; k), upper = χ²(1 − α/2; 2k + 2) / 2 = Γ⁻¹(1 − α/2; k + 1).
// The regularized incomplete gamma follows Press et al., "Numerical Recipes", 3rd ed. 2007, §6.2.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let sum = 0;
  LANCZOS.forEach((c, i) => (sum += i === 0 ? c : c / (z + i)));
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The regularized lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(a * Math.log(x) - x - lnGamma(a));
  if (x < a + 1) {
    // Series: P = e^-x x^a / Γ(a+1) Σ x^n / ((a+1)…(a+n)).
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * front;
  }
  // Continued fraction for Q = 1 − P (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - front * h;
}

/** The x with P(a, x) = p (bisection: P rises monotonically in x). */
export function gammaQuantile(p: number, a: number): number {
  let lo = 0;
  let hi = Math.max(1, a);
  while (gammaP(a, hi) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (gammaP(a, mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface PoissonInterval {
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
}

/**
 * The exact two-sided interval for a Poisson mean after `events` events.
 *
 * @example
 * poissonInterval(10, 0.9) // { lower: 5.4254, upper: 16.9622, confidence: 0.9 }
 */
export function poissonInterval(events: number, confidence = 0.9): PoissonInterval {
  if (!Number.isInteger(events) || events < 0)
    throw new RangeError(`events is ${events}: expected a whole number ≥ 0`);
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence is ${confidence}: expected a number between 0 and 1`);
  const alpha = 1 - confidence;
  return {
    lower: events === 0 ? 0 : gammaQuantile(alpha / 2, events),
    upper: gammaQuantile(1 - alpha / 2, events + 1),
    confidence,
  };
}
