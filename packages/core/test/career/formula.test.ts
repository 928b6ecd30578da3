import { describe, expect, it } from 'vitest';
import { evaluate, evaluateFormula, parseFormula, RuleEngineError } from '../../src/index';

function value(src: string, vars: Record<string, number> = {}): number {
  return evaluateFormula(src, vars);
}

function parseError(src: string): string {
  const r = parseFormula(src);
  if (r.ok) throw new Error(`expected "${src}" not to parse`);
  return r.message;
}

describe('parseFormula / evaluate', () => {
  it('honours precedence, parentheses and unary minus', () => {
    expect(value('2 + 3 * 4')).toBe(14);
    expect(value('(2 + 3) * 4')).toBe(20);
    expect(value('10 - 4 - 3')).toBe(3);
    expect(value('24 / 4 / 2')).toBe(3);
    expect(value('-2 * 3')).toBe(-6);
    expect(value('--2')).toBe(2);
    expect(value('2 * -(1 + 2)')).toBe(-6);
    expect(value('.5 + 1.25')).toBe(1.75);
  });

  it('lists each identifier once, in order of first use', () => {
    const r = parseFormula('referenceWage * localCoefficient * baseRatio * gradeCoefficient');
    expect(r.ok && r.identifiers).toEqual([
      'referenceWage',
      'localCoefficient',
      'baseRatio',
      'gradeCoefficient',
    ]);
    const s = parseFormula('a + b * a - (c / b)');
    expect(s.ok && s.identifiers).toEqual(['a', 'b', 'c']);
  });

  it('evaluates the example pay formula', () => {
    const vars = {
      referenceWage: 8000,
      localCoefficient: 1,
      baseRatio: 0.7,
      gradeCoefficient: 1.3,
    };
    expect(
      value('referenceWage * localCoefficient * baseRatio * gradeCoefficient', vars),
    ).toBeCloseTo(7280, 9);
  });

  it('rejects malformed formulas with a position', () => {
    expect(parseError('')).toBe('公式不能为空');
    expect(parseError('2 +')).toContain('公式结尾');
    expect(parseError('(2 + 3')).toContain('缺少右括号');
    expect(parseError('2 + 3)')).toContain('多余的');
    expect(parseError('2 ** 3')).toContain('乘方');
    expect(parseError('1.')).toContain('无效的数字');
    expect(parseError('1.2.3')).toContain('无效的数字');
    expect(parseError('2x')).toContain('无效的数字');
    expect(parseError('a = 1')).toContain('不允许的字符“=”');
    expect(parseError('3 % 2')).toContain('公式第 3 个字符处');
    expect(parseError('x'.repeat(501))).toContain('500');
    expect(parseError(`${'('.repeat(60)}1${')'.repeat(60)}`)).toContain('嵌套层数过多');
  });

  it('cannot reach anything but its variables (no eval, no property access)', () => {
    expect(parseError('process.exit(1)')).toContain('不允许的字符“.”');
    expect(parseError('alert(1)')).toContain('多余的“(”');
    expect(parseError('a["b"]')).toContain('不允许的字符');
    const proto = parseFormula('constructor + toString + __proto__');
    expect(proto.ok).toBe(true);
    if (!proto.ok) return;
    expect(() => evaluate(proto.ast, {})).toThrow(RuleEngineError);
  });

  it('throws on a missing variable and on division by zero', () => {
    const r = parseFormula('referenceWage * localCoefficient');
    if (!r.ok) throw new Error('should parse');
    try {
      evaluate(r.ast, { referenceWage: 8000 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleEngineError);
      expect(e instanceof RuleEngineError && e.code).toBe('FORMULA_MISSING_VARIABLE');
      expect(e instanceof Error && e.message).toContain('localCoefficient');
    }
    expect(() => value('1 / (a - a)', { a: 3 })).toThrow('除以零');
    expect(() => evaluateFormula('1 +', {})).toThrow(RuleEngineError);
  });
});
