/**
 * Exact USD amounts as BigInt pico-dollars (1e-12), so per-1K-token prices multiply by token counts with no float
 * drift. Amounts leave as decimal strings.
 */
const SCALE_DIGITS = 12;
const SCALE = 10n ** BigInt(SCALE_DIGITS);

export function usdToPico(value: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not a non-negative decimal USD amount`);
  const fraction = (match[2] ?? '').slice(0, SCALE_DIGITS).padEnd(SCALE_DIGITS, '0');
  return BigInt(match[1]) * SCALE + BigInt(fraction);
}

/** Decimal string with at least two decimals and no trailing zeros beyond them: `0.0183`, `5.00`. */
export function picoToUsd(pico: bigint): string {
  const whole = pico / SCALE;
  let fraction = (pico % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  if (fraction.length < 2) fraction = fraction.padEnd(2, '0');
  return `${whole}.${fraction}`;
}

/** tokens_in/1000 × input price + tokens_out/1000 × output price, rounded half-up to the pico-dollar. */
export function tokensCostPico(inputTokens: number, outputTokens: number, inputPricePer1k: string, outputPricePer1k: string): bigint {
  const numerator = BigInt(inputTokens) * usdToPico(inputPricePer1k) + BigInt(outputTokens) * usdToPico(outputPricePer1k);
  return (numerator + 500n) / 1000n;
}

/** part / whole as a decimal fraction with `digits` decimals (half-up); "0.0000" when whole is zero. */
export function fraction(part: bigint, whole: bigint, digits = 4): string {
  if (whole === 0n) return `0.${'0'.repeat(digits)}`;
  const scale = 10n ** BigInt(digits);
  const scaled = (part * scale * 2n + whole) / (whole * 2n);
  return `${scaled / scale}.${(scaled % scale).toString().padStart(digits, '0')}`;
}
