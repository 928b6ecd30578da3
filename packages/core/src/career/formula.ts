/**
 * A tiny arithmetic language for pay formulas that administrators type in: numbers, identifiers,
 * `+ - * /`, parentheses and unary minus. Parsed by hand into an AST and evaluated by walking it:
 * no `eval`, no `Function`, no property access, so a formula can read nothing but the variables
 * it is given.
 */
import { RuleEngineError } from './errors';

export type FormulaNode =
  | { type: 'number'; value: number }
  | { type: 'variable'; name: string }
  | { type: 'negate'; operand: FormulaNode }
  | { type: 'binary'; op: '+' | '-' | '*' | '/'; left: FormulaNode; right: FormulaNode };

export type ParseFormulaResult =
  | { ok: true; ast: FormulaNode; identifiers: string[] }
  | { ok: false; message: string; position: number };

export const FORMULA_MAX_LENGTH = 500;
const MAX_DEPTH = 50;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isFormulaIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

type Token =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'identifier'; name: string; pos: number }
  | { kind: 'op'; op: '+' | '-' | '*' | '/' | '(' | ')'; pos: number }
  | { kind: 'end'; pos: number };

class FormulaSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src.charAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(src.charAt(i + 1)))) {
      const m = /^(?:\d+(?:\.\d+)?|\.\d+)/.exec(src.slice(i));
      if (!m) throw new FormulaSyntaxError(`无效的数字`, i);
      const next = src.charAt(i + m[0].length);
      if (/[0-9A-Za-z_.]/.test(next)) throw new FormulaSyntaxError(`无效的数字`, i);
      tokens.push({ kind: 'number', value: Number(m[0]), pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      const name = m?.[0] ?? ch;
      tokens.push({ kind: 'identifier', name, pos: i });
      i += name.length;
    } else if (ch === '+' || ch === '-' || ch === '*' || ch === '/' || ch === '(' || ch === ')') {
      if (ch === '*' && src.charAt(i + 1) === '*') {
        throw new FormulaSyntaxError('不支持乘方运算符 **', i);
      }
      tokens.push({ kind: 'op', op: ch, pos: i });
      i++;
    } else {
      throw new FormulaSyntaxError(`不允许的字符“${ch}”`, i);
    }
  }
  tokens.push({ kind: 'end', pos: src.length });
  return tokens;
}

function describeToken(t: Token): string {
  switch (t.kind) {
    case 'end':
      return '公式结尾';
    case 'number':
      return `数字 ${t.value}`;
    case 'identifier':
      return `“${t.name}”`;
    case 'op':
      return `“${t.op}”`;
  }
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    // tokenize() always ends with an `end` token and parsing never moves past it
    return this.tokens[this.index] ?? { kind: 'end', pos: 0 };
  }

  private isOp(op: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.op === op;
  }

  parse(): FormulaNode {
    const node = this.expression();
    const t = this.peek();
    if (t.kind !== 'end') throw new FormulaSyntaxError(`多余的${describeToken(t)}`, t.pos);
    return node;
  }

  private enter(pos: number): void {
    if (++this.depth > MAX_DEPTH) throw new FormulaSyntaxError('公式嵌套层数过多', pos);
  }

  private expression(): FormulaNode {
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && (t.op === '+' || t.op === '-')) {
        this.index++;
        left = { type: 'binary', op: t.op, left, right: this.term() };
      } else {
        return left;
      }
    }
  }

  private term(): FormulaNode {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && (t.op === '*' || t.op === '/')) {
        this.index++;
        left = { type: 'binary', op: t.op, left, right: this.unary() };
      } else {
        return left;
      }
    }
  }

  private unary(): FormulaNode {
    const t = this.peek();
    if (t.kind === 'op' && t.op === '-') {
      this.index++;
      this.enter(t.pos);
      const operand = this.unary();
      this.depth--;
      return { type: 'negate', operand };
    }
    return this.primary();
  }

  private primary(): FormulaNode {
    const t = this.peek();
    if (t.kind === 'number') {
      this.index++;
      return { type: 'number', value: t.value };
    }
    if (t.kind === 'identifier') {
      this.index++;
      return { type: 'variable', name: t.name };
    }
    if (t.kind === 'op' && t.op === '(') {
      this.index++;
      this.enter(t.pos);
      const inner = this.expression();
      this.depth--;
      if (!this.isOp(')')) {
        const u = this.peek();
        throw new FormulaSyntaxError(`缺少右括号，遇到${describeToken(u)}`, u.pos);
      }
      this.index++;
      return inner;
    }
    throw new FormulaSyntaxError(`此处应为数字、变量或左括号，遇到${describeToken(t)}`, t.pos);
  }
}

function collectIdentifiers(node: FormulaNode, into: string[]): void {
  switch (node.type) {
    case 'number':
      return;
    case 'variable':
      if (!into.includes(node.name)) into.push(node.name);
      return;
    case 'negate':
      collectIdentifiers(node.operand, into);
      return;
    case 'binary':
      collectIdentifiers(node.left, into);
      collectIdentifiers(node.right, into);
      return;
  }
}

/** Parses a formula; `identifiers` lists each variable once, in order of first use. */
export function parseFormula(src: string): ParseFormulaResult {
  if (src.trim() === '') return { ok: false, message: '公式不能为空', position: 0 };
  if (src.length > FORMULA_MAX_LENGTH) {
    return { ok: false, message: `公式不能超过 ${FORMULA_MAX_LENGTH} 个字符`, position: 0 };
  }
  try {
    const ast = new Parser(tokenize(src)).parse();
    const identifiers: string[] = [];
    collectIdentifiers(ast, identifiers);
    return { ok: true, ast, identifiers };
  } catch (e) {
    if (e instanceof FormulaSyntaxError) {
      return {
        ok: false,
        message: `公式第 ${e.position + 1} 个字符处：${e.message}`,
        position: e.position,
      };
    }
    throw e;
  }
}

/**
 * Evaluates a parsed formula. Throws `RuleEngineError` when a variable is missing or the result is
 * not a finite number (division by zero). Only own properties of `vars` are read, so names such as
 * `constructor` cannot reach the prototype chain.
 */
export function evaluate(ast: FormulaNode, vars: Readonly<Record<string, number>>): number {
  const value = evaluateNode(ast, vars);
  if (!Number.isFinite(value)) {
    throw new RuleEngineError('FORMULA_NOT_FINITE', '公式计算结果无效（可能除以零）');
  }
  return value;
}

function evaluateNode(node: FormulaNode, vars: Readonly<Record<string, number>>): number {
  switch (node.type) {
    case 'number':
      return node.value;
    case 'variable': {
      const v: unknown = Object.hasOwn(vars, node.name) ? vars[node.name] : undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new RuleEngineError('FORMULA_MISSING_VARIABLE', `公式中的变量“${node.name}”没有取值`);
      }
      return v;
    }
    case 'negate':
      return -evaluateNode(node.operand, vars);
    case 'binary': {
      const l = evaluateNode(node.left, vars);
      const r = evaluateNode(node.right, vars);
      switch (node.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          if (r === 0) throw new RuleEngineError('FORMULA_NOT_FINITE', '公式中出现除以零');
          return l / r;
      }
    }
  }
}

/** Parses and evaluates in one go; throws `RuleEngineError` on a syntax error. */
export function evaluateFormula(src: string, vars: Readonly<Record<string, number>>): number {
  const parsed = parseFormula(src);
  if (!parsed.ok) throw new RuleEngineError('FORMULA_INVALID', parsed.message);
  return evaluate(parsed.ast, vars);
}
