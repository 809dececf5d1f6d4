import { UsageError } from './exit-codes';

/** Turns repeated `--intent key=value` options into an object (values stay strings; the schema coerces them). */
export function parseIntentPairs(pairs: string[]): Record<string, string> {
  const intent: Record<string, string> = {};
  for (const pair of pairs) {
    const index = pair.indexOf('=');
    if (index <= 0) throw new UsageError(`--intent "${pair}" must look like key=value`);
    intent[pair.slice(0, index).trim()] = pair.slice(index + 1);
  }
  return intent;
}
