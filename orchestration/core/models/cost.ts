/**
 * Cost of model calls from token counts and a model's decimal prices. The exact arithmetic (BigInt pico-dollars)
 * lives in `engine/money.ts`; this adds what the model layer needs on top.
 */
import { formatUsd, parseUsd, tokenCost, type PicoUsd } from '../engine/money';
import type { ModelInfo, ModelResponse, ModelUsage } from './model-adapter';

export interface CallCost {
  inputPico: PicoUsd;
  outputPico: PicoUsd;
  totalPico: PicoUsd;
  /** Exact decimal string for a NUMERIC column, e.g. `0.000123`. */
  totalUsd: string;
}

type Prices = Pick<ModelInfo, 'inputPricePer1k' | 'outputPricePer1k'>;

/** cost = tokens_in / 1000 × input price + tokens_out / 1000 × output price, each part exact (half-up to 1e-12). */
export function costOfUsage(usage: ModelUsage, prices: Prices): CallCost {
  const inputPico = tokenCost(usage.inputTokens, 0, prices);
  const outputPico = tokenCost(0, usage.outputTokens, prices);
  const totalPico = tokenCost(usage.inputTokens, usage.outputTokens, prices);
  return { inputPico, outputPico, totalPico, totalUsd: formatUsd(totalPico) };
}

/** Cost of one answer, priced by the model that actually served it (after a fallback that is not the one asked for). */
export function costOfResponse(response: ModelResponse, requested: ModelInfo): CallCost {
  return costOfUsage(response.usage, response.servedBy ?? requested);
}

/** Sums decimal USD strings (or pico amounts) exactly; returns a decimal string. */
export function sumUsdStrings(amounts: Iterable<string | PicoUsd>): string {
  let total = 0n;
  for (const amount of amounts) total += typeof amount === 'bigint' ? amount : parseUsd(amount);
  return formatUsd(total);
}

/** For people: `$1,234.57`, rounded half-up to `decimals` (default cents). Sub-cent non-zero amounts show `<$0.01`. */
export function displayUsd(amount: string | PicoUsd, decimals = 2): string {
  const pico = typeof amount === 'bigint' ? amount : parseUsd(amount);
  const negative = pico < 0n;
  const abs = negative ? -pico : pico;
  const unit = 10n ** BigInt(12 - decimals);
  const rounded = (abs + unit / 2n) / unit;
  if (rounded === 0n && abs > 0n) return `${negative ? '-' : ''}<$${(1 / 10 ** decimals).toFixed(decimals)}`;
  const digits = rounded.toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = decimals ? `.${digits.slice(-decimals)}` : '';
  return `${negative ? '-' : ''}$${whole}${fraction}`;
}

/** Validates a price string for a model row: a non-negative decimal with at most nine decimals. */
export function validatePrice(value: string, field: string): string | undefined {
  if (!/^\d+(\.\d{1,9})?$/.test(value.trim())) {
    return `${field} must be a non-negative decimal USD amount per 1,000 tokens with at most 9 decimals, got "${value}"`;
  }
  return undefined;
}
