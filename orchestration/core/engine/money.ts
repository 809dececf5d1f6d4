/**
 * Exact money for token costs. Amounts are BigInt pico-dollars (1e-12 USD) so that per-1K-token prices with up to
 * nine decimals multiply without rounding; amounts leave this module as decimal strings (NUMERIC columns).
 */

export type PicoUsd = bigint;

const SCALE_DIGITS = 12;
const SCALE = 10n ** BigInt(SCALE_DIGITS);
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** Parses a non-negative decimal USD string ("0.015", "5", "5.00"). Digits beyond 12 decimals round half-up. */
export function parseUsd(value: string | number): PicoUsd {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new Error(`"${value}" is not a non-negative decimal amount in USD`);
  const whole = BigInt(match[1]);
  const fraction = match[2] ?? '';
  const kept = fraction.slice(0, SCALE_DIGITS).padEnd(SCALE_DIGITS, '0');
  let pico = whole * SCALE + BigInt(kept);
  if (fraction.length > SCALE_DIGITS && Number(fraction[SCALE_DIGITS]) >= 5) pico += 1n;
  return pico;
}

/** Formats pico-dollars as a decimal string with at least `minDecimals` and no trailing zeros beyond them. */
export function formatUsd(pico: PicoUsd, minDecimals = 2): string {
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  const whole = abs / SCALE;
  let fraction = (abs % SCALE).toString().padStart(SCALE_DIGITS, '0').replace(/0+$/, '');
  if (fraction.length < minDecimals) fraction = fraction.padEnd(minDecimals, '0');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** cost = tokens_in / 1000 × input price + tokens_out / 1000 × output price, exact to the pico-dollar (half-up). */
export function tokenCost(
  tokensIn: number,
  tokensOut: number,
  prices: { inputPricePer1k: string; outputPricePer1k: string },
): PicoUsd {
  const numerator =
    BigInt(safeTokens(tokensIn)) * parseUsd(prices.inputPricePer1k) +
    BigInt(safeTokens(tokensOut)) * parseUsd(prices.outputPricePer1k);
  return (numerator + 500n) / 1000n;
}

export function sumUsd(amounts: Iterable<PicoUsd>): PicoUsd {
  let total = 0n;
  for (const amount of amounts) total += amount;
  return total;
}

/** Adds two decimal strings exactly. */
export function addUsd(a: string, b: string): string {
  return formatUsd(parseUsd(a) + parseUsd(b));
}

function safeTokens(count: number): number {
  if (!Number.isInteger(count) || count < 0) throw new Error(`token count must be a non-negative integer, got ${count}`);
  return count;
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new Error(`"${value}" is not a non-negative amount in USD`);
  // toFixed avoids exponent notation for small values; 12 decimals is our scale.
  return value.toFixed(SCALE_DIGITS);
}
