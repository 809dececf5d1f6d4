/** Cost from token counts and decimal prices, exact — no float drift — priced by the model that served. */
import { costOfResponse, costOfUsage, displayUsd, sumUsdStrings, validatePrice } from '../../core/models/cost';
import { builtIn } from './provider-fixtures';

describe('cost', () => {
  it('prices tokens per 1K exactly (claude-sonnet-4: $0.003 in, $0.015 out)', () => {
    const cost = costOfUsage({ inputTokens: 12_345, outputTokens: 678 }, builtIn('claude-sonnet-4'));
    // 12.345 × 0.003 = 0.037035; 0.678 × 0.015 = 0.01017
    expect(cost.totalUsd).toBe('0.047205');
    expect(cost.inputPico + cost.outputPico).toBe(cost.totalPico);
  });

  it('keeps sub-cent amounts exact where floats drift', () => {
    // gpt-4o-mini: 0.0003 in. 0.1 + 0.2-style drift would show up summing many small calls as floats.
    const one = costOfUsage({ inputTokens: 1, outputTokens: 0 }, builtIn('gpt-4o-mini')).totalUsd;
    expect(one).toBe('0.0000003');
    const total = sumUsdStrings(Array.from({ length: 1_000_000 }, () => one));
    expect(total).toBe('0.30');
    let float = 0;
    for (let i = 0; i < 1_000_000; i++) float += 0.0000003;
    expect(float).not.toBe(0.3); // the reason we do not use floats
  });

  it('sums attempts to the run total exactly', () => {
    const attempts = ['0.047205', '0.000001', '1.2', '0.0000003'];
    expect(sumUsdStrings(attempts)).toBe('1.2472063');
  });

  it('prices a fallback answer with the model that actually served it', () => {
    const requested = builtIn('claude-opus-4');
    const served = builtIn('gpt-5.3');
    const usage = { inputTokens: 1000, outputTokens: 1000 };
    const response = { text: '', toolCalls: [], usage, stopReason: 'end_turn' as const, raw: {}, servedBy: served };
    expect(costOfResponse(response, requested).totalUsd).toBe('0.04'); // 0.010 + 0.030, not opus's 0.090
    expect(costOfResponse({ ...response, servedBy: undefined }, requested).totalUsd).toBe('0.09');
  });

  it('formats for people, rounding half-up to cents', () => {
    expect(displayUsd('1234.565')).toBe('$1,234.57');
    expect(displayUsd('0.004')).toBe('<$0.01');
    expect(displayUsd('0')).toBe('$0.00');
    expect(displayUsd('0.005')).toBe('$0.01');
  });

  it('validates price strings with a message naming the field', () => {
    expect(validatePrice('0.0008', 'input_price_per_1k')).toBeUndefined();
    expect(validatePrice('-1', 'input_price_per_1k')).toContain('input_price_per_1k');
    expect(validatePrice('0.0000000001', 'output_price_per_1k')).toContain('at most 9 decimals');
  });
});
