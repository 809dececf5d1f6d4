import { ConditionSyntaxError, evaluateCondition, parseCondition } from '../../core/content/condition';

describe('evaluateCondition', () => {
  const scope = { mode: 'data-journalism', depth: 'deep', minutes: 12, include_map: true, audience: 'general', intent: { word: 'robot' } };

  it.each([
    ["mode == 'data-journalism'", true],
    ['mode != "data-journalism"', false],
    ["mode == 'data-journalism' && depth == 'deep'", true],
    ["mode == 'historical' || include_map", true],
    ['!include_map', false],
    ["!(mode == 'historical')", true],
    ['minutes >= 12 && minutes < 20', true],
    ['minutes > 12', false],
    ['minutes <= 12.5', true],
    ["audience in ['general', 'expert']", true],
    ["audience in ['academic']", false],
    ['audience in []', false],
    ["depth > 'a'", true],
    ['minutes == 12', true],
    ["minutes == '12'", false],
    ["intent.word == 'robot'", true],
    ['true && !false', true],
    ['null == missing', false],
    ["(mode == 'x' || depth == 'deep') && minutes == 12", true],
  ])('%s → %s', (expression, expected) => {
    expect(evaluateCondition(expression, scope)).toBe(expected);
  });

  it('unknown identifiers are undefined, never an error', () => {
    expect(evaluateCondition("unknown == 'x'", scope)).toBe(false);
    expect(evaluateCondition('!unknown', scope)).toBe(true);
    expect(evaluateCondition('unknown > 3', scope)).toBe(false);
  });

  it('cannot reach anything beyond plain scope values', () => {
    expect(evaluateCondition('constructor', scope)).toBe(false);
    expect(evaluateCondition('intent.constructor', scope)).toBe(false);
    expect(evaluateCondition('__proto__', scope)).toBe(false);
  });

  it('&& binds tighter than ||', () => {
    expect(evaluateCondition("mode == 'x' && false || true", scope)).toBe(true);
    expect(evaluateCondition("true || false && mode == 'x'", scope)).toBe(true);
  });

  it.each([
    ["mode = 'x'", /column 6: '=' is not an operator/],
    ["mode == 'x", /column 9: unterminated string/],
    ['mode ==', /column 8: expression ends too early/],
    ["(mode == 'x'", /column 13: expected '\)'/],
    ["mode == 'x')", /column 12: unexpected '\)'/],
    ['', /empty expression/],
    ['a in [b]', /only literals/],
    ['a; b', /unexpected character ';'/],
    ['a b', /column 3: unexpected 'b'/],
  ])('syntax error in %p is reported with its column', (expression, message) => {
    expect(() => parseCondition(expression)).toThrow(ConditionSyntaxError);
    expect(() => parseCondition(expression)).toThrow(message);
  });
});
