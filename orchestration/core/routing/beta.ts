/**
 * Beta-distribution helpers for pass-rate posteriors: mean, quantiles (for credible bounds) and seeded sampling
 * (for Thompson sampling). A Beta(α, β) posterior comes from a Beta prior plus (weighted) passes and failures.
 */

export interface BetaPosterior {
  alpha: number;
  beta: number;
}

/** Uniform prior: no opinion about a model that has never run a gate. */
export const UNIFORM_PRIOR: Readonly<BetaPosterior> = { alpha: 1, beta: 1 };

export function posteriorOf(passes: number, failures: number, prior: BetaPosterior = UNIFORM_PRIOR): BetaPosterior {
  return { alpha: prior.alpha + Math.max(0, passes), beta: prior.beta + Math.max(0, failures) };
}

export function betaMean({ alpha, beta }: BetaPosterior): number {
  return alpha / (alpha + beta);
}

/** The value below which a share `q` of the posterior lies (bisection on the regularised incomplete beta). */
export function betaQuantile(posterior: BetaPosterior, q: number): number {
  // Decisions ask for the same few posteriors over and over between evidence updates.
  const key = `${posterior.alpha}|${posterior.beta}|${q}`;
  let value = quantileCache.get(key);
  if (value === undefined) {
    if (quantileCache.size >= 10_000) quantileCache.clear();
    quantileCache.set(key, (value = computeBetaQuantile(posterior, q)));
  }
  return value;
}

const quantileCache = new Map<string, number>();

function computeBetaQuantile(posterior: BetaPosterior, q: number): number {
  if (q <= 0) return 0;
  if (q >= 1) return 1;
  // A posterior of thousands of trials is normal to many digits (and the continued fraction is slow there).
  if (posterior.alpha + posterior.beta > 5_000) return normalQuantileOf(posterior, q);
  let low = 0;
  let high = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (regularisedIncompleteBeta(mid, posterior.alpha, posterior.beta) < q) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

function normalQuantileOf({ alpha, beta }: BetaPosterior, q: number): number {
  const n = alpha + beta;
  const mean = alpha / n;
  const sd = Math.sqrt((mean * (1 - mean)) / (n + 1));
  // Acklam-free approximation is overkill here: bisection on the normal CDF via erf.
  let low = -10;
  let high = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (0.5 * (1 + erf(mid / Math.SQRT2)) < q) low = mid;
    else high = mid;
  }
  return Math.min(1, Math.max(0, mean + sd * ((low + high) / 2)));
}

/** Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return sign * y;
}

/** I_x(a, b) = P(X ≤ x) for X ~ Beta(a, b), by its continued fraction (converges fast on the side it is used). */
export function regularisedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(logFront);
  // The fraction converges for x < (a + 1) / (a + b + 2); use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * continuedFraction(x, a, b)) / a;
  return 1 - (front * continuedFraction(1 - x, b, a)) / b;
}

function continuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let result = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    // Even step.
    let term = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + term * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + term / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    result *= d * c;
    // Odd step.
    term = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + term * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + term / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    result *= delta;
    if (Math.abs(delta - 1) < 1e-12) break;
  }
  return result;
}

/** ln Γ(z) for z > 0 (Lanczos approximation, g = 7). */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const x = z - 1;
  let sum = coefficients[0];
  for (let i = 1; i < coefficients.length; i++) sum += coefficients[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** One draw from the posterior, using `random` (uniform [0, 1)) so a seeded generator gives repeatable draws. */
export function sampleBeta(posterior: BetaPosterior, random: () => number): number {
  const x = sampleGamma(posterior.alpha, random);
  const y = sampleGamma(posterior.beta, random);
  return x + y === 0 ? 0.5 : x / (x + y);
}

/** Marsaglia–Tsang; shapes below 1 are boosted and corrected. */
function sampleGamma(shape: number, random: () => number): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(random() || Number.MIN_VALUE, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (Math.log(u || Number.MIN_VALUE) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function standardNormal(random: () => number): number {
  const u = random() || Number.MIN_VALUE;
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
