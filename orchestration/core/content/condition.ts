/**
 * Gate conditions: a tiny expression language evaluated without `eval`.
 *
 *   expr       := or
 *   or         := and ('||' and)*
 *   and        := unary ('&&' unary)*
 *   unary      := '!' unary | comparison
 *   comparison := primary (('==' | '!=' | '<' | '<=' | '>' | '>=') primary | 'in' list)?
 *   primary    := string | number | true | false | null | identifier | '(' expr ')'
 *   list       := '[' (literal (',' literal)*)? ']'
 *
 * Identifiers (letters, digits, `_`, dotted paths such as `intent.word`) read from the scope; unknown ones are
 * `undefined`. `==`/`!=` compare strictly (no type coercion); `<`… compare only numbers with numbers or strings with
 * strings (anything else is false).
 */

export type ConditionValue = string | number | boolean | null | undefined;

export type ConditionNode =
  | { kind: 'literal'; value: ConditionValue }
  | { kind: 'identifier'; name: string }
  | { kind: 'not'; operand: ConditionNode }
  | { kind: 'logical'; operator: '&&' | '||'; left: ConditionNode; right: ConditionNode }
  | { kind: 'compare'; operator: '==' | '!=' | '<' | '<=' | '>' | '>='; left: ConditionNode; right: ConditionNode }
  | { kind: 'in'; operand: ConditionNode; list: ConditionValue[] };

export class ConditionSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly column: number,
  ) {
    super(`syntax error at column ${column}: ${reason}`);
    this.name = 'ConditionSyntaxError';
  }
}

type Token =
  | { type: 'string' | 'number'; value: string | number; column: number }
  | { type: 'identifier'; value: string; column: number }
  | { type: 'operator'; value: string; column: number }
  | { type: 'end'; value: ''; column: number };

const MAX_EXPRESSION_LENGTH = 2000;
const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', ','];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    const column = index + 1;
    if (/\s/.test(char)) {
      index++;
      continue;
    }
    if (char === "'" || char === '"') {
      let value = '';
      index++;
      while (index < source.length && source[index] !== char) {
        if (source[index] === '\\' && index + 1 < source.length) index++;
        value += source[index++];
      }
      if (index >= source.length) throw new ConditionSyntaxError('unterminated string', column);
      index++;
      tokens.push({ type: 'string', value, column });
      continue;
    }
    const number = /^-?\d+(?:\.\d+)?/.exec(source.slice(index));
    if (number && (char !== '-' || !endsOperand(tokens))) {
      tokens.push({ type: 'number', value: Number(number[0]), column });
      index += number[0].length;
      continue;
    }
    const identifier = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(source.slice(index));
    if (identifier) {
      tokens.push({ type: 'identifier', value: identifier[0], column });
      index += identifier[0].length;
      continue;
    }
    const operator = OPERATORS.find((candidate) => source.startsWith(candidate, index));
    if (operator) {
      tokens.push({ type: 'operator', value: operator, column });
      index += operator.length;
      continue;
    }
    if (char === '=') throw new ConditionSyntaxError("'=' is not an operator; use '==' to compare", column);
    throw new ConditionSyntaxError(`unexpected character '${char}'`, column);
  }
  tokens.push({ type: 'end', value: '', column: source.length + 1 });
  return tokens;
}

/** A minus sign right after a value is subtraction (unsupported), not a negative number. */
function endsOperand(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return !!last && (last.type !== 'operator' || last.value === ')' || last.value === ']');
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): ConditionNode {
    if (this.peek().type === 'end') throw new ConditionSyntaxError('empty expression', 1);
    const node = this.or();
    const next = this.peek();
    if (next.type !== 'end') throw new ConditionSyntaxError(`unexpected ${describe(next)}`, next.column);
    return node;
  }

  private or(): ConditionNode {
    let node = this.and();
    while (this.isOperator('||')) {
      this.position++;
      node = { kind: 'logical', operator: '||', left: node, right: this.and() };
    }
    return node;
  }

  private and(): ConditionNode {
    let node = this.unary();
    while (this.isOperator('&&')) {
      this.position++;
      node = { kind: 'logical', operator: '&&', left: node, right: this.unary() };
    }
    return node;
  }

  private unary(): ConditionNode {
    if (this.isOperator('!')) {
      this.position++;
      return { kind: 'not', operand: this.unary() };
    }
    return this.comparison();
  }

  private comparison(): ConditionNode {
    const left = this.primary();
    const next = this.peek();
    if (next.type === 'operator' && ['==', '!=', '<', '<=', '>', '>='].includes(next.value)) {
      this.position++;
      return { kind: 'compare', operator: next.value as '==', left, right: this.primary() };
    }
    if (next.type === 'identifier' && next.value === 'in') {
      this.position++;
      return { kind: 'in', operand: left, list: this.list() };
    }
    return left;
  }

  private list(): ConditionValue[] {
    this.expectOperator('[');
    const values: ConditionValue[] = [];
    if (this.isOperator(']')) {
      this.position++;
      return values;
    }
    for (;;) {
      const item = this.primary();
      if (item.kind !== 'literal') throw new ConditionSyntaxError('a list after `in` may hold only literals', this.previous().column);
      values.push(item.value);
      if (this.isOperator(',')) {
        this.position++;
        continue;
      }
      this.expectOperator(']');
      return values;
    }
  }

  private primary(): ConditionNode {
    const token = this.peek();
    this.position++;
    switch (token.type) {
      case 'string':
      case 'number':
        return { kind: 'literal', value: token.value };
      case 'identifier':
        if (token.value === 'true') return { kind: 'literal', value: true };
        if (token.value === 'false') return { kind: 'literal', value: false };
        if (token.value === 'null') return { kind: 'literal', value: null };
        if (token.value === 'in') throw new ConditionSyntaxError("'in' needs a value on its left", token.column);
        return { kind: 'identifier', name: token.value };
      case 'operator':
        if (token.value === '(') {
          const inner = this.or();
          this.expectOperator(')');
          return inner;
        }
        throw new ConditionSyntaxError(`unexpected ${describe(token)}`, token.column);
      default:
        throw new ConditionSyntaxError('expression ends too early', token.column);
    }
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private previous(): Token {
    return this.tokens[Math.max(0, this.position - 1)];
  }

  private isOperator(value: string): boolean {
    const token = this.peek();
    return token.type === 'operator' && token.value === value;
  }

  private expectOperator(value: string): void {
    const token = this.peek();
    if (token.type !== 'operator' || token.value !== value) {
      throw new ConditionSyntaxError(`expected '${value}' but found ${describe(token)}`, token.column);
    }
    this.position++;
  }
}

function describe(token: Token): string {
  if (token.type === 'end') return 'the end of the expression';
  if (token.type === 'string') return `the string '${token.value}'`;
  return `'${token.value}'`;
}

/** Parses an expression; throws ConditionSyntaxError with the column of the problem. */
export function parseCondition(source: string): ConditionNode {
  if (typeof source !== 'string') throw new ConditionSyntaxError('a condition must be a string', 1);
  if (source.length > MAX_EXPRESSION_LENGTH) throw new ConditionSyntaxError(`longer than ${MAX_EXPRESSION_LENGTH} characters`, 1);
  return new Parser(tokenize(source)).parse();
}

export type ConditionScope = Readonly<Record<string, unknown>>;

function lookup(scope: ConditionScope, name: string): ConditionValue {
  let current: unknown = scope;
  for (const part of name.split('.')) {
    if (!current || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return ['string', 'number', 'boolean'].includes(typeof current) || current === null ? (current as ConditionValue) : undefined;
}

function evaluateNode(node: ConditionNode, scope: ConditionScope): ConditionValue {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'identifier':
      return lookup(scope, node.name);
    case 'not':
      return !evaluateNode(node.operand, scope);
    case 'logical': {
      const left = evaluateNode(node.left, scope);
      if (node.operator === '&&') return left ? evaluateNode(node.right, scope) : left;
      return left ? left : evaluateNode(node.right, scope);
    }
    case 'in': {
      const value = evaluateNode(node.operand, scope);
      return node.list.some((item) => item === value);
    }
    case 'compare': {
      const left = evaluateNode(node.left, scope);
      const right = evaluateNode(node.right, scope);
      if (node.operator === '==') return left === right;
      if (node.operator === '!=') return left !== right;
      const comparable =
        (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
      if (!comparable) return false;
      const [a, b] = [left as number | string, right as number | string];
      if (node.operator === '<') return a < b;
      if (node.operator === '<=') return a <= b;
      if (node.operator === '>') return a > b;
      return a >= b;
    }
  }
}

/** Evaluates an expression (string or parsed) against the scope; the result is a boolean (JS truthiness). */
export function evaluateCondition(expression: string | ConditionNode, scope: ConditionScope): boolean {
  const node = typeof expression === 'string' ? parseCondition(expression) : expression;
  return Boolean(evaluateNode(node, scope));
}
