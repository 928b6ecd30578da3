import { describe, expect, it } from 'vitest';
import { CHINESE_SURNAMES, GIVEN_NAME_CHARS, createRng, makeChineseName } from '../src/index';

function take(seed: number, n: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
}

describe('createRng', () => {
  it('is deterministic for a given seed', () => {
    expect(take(42, 20)).toEqual(take(42, 20));
    expect(take(42, 20)).not.toEqual(take(43, 20));
  });

  it('produces values in [0, 1)', () => {
    for (const v of take(7, 10_000)) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });

  it('int() is inclusive on both ends and stays in range', () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(3, 6);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(6);
      seen.add(v);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
    expect(rng.int(5, 5)).toBe(5);
    expect(() => rng.int(6, 3)).toThrow(RangeError);
  });

  it('pick() returns elements of the array and rejects an empty array', () => {
    const rng = createRng(2);
    const arr = ['a', 'b', 'c'] as const;
    for (let i = 0; i < 100; i++) expect(arr).toContain(rng.pick(arr));
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('weighted() follows the weights and never picks zero-weight items', () => {
    const rng = createRng(3);
    const counts = { a: 0, b: 0, c: 0 };
    const items = [
      ['a', 1],
      ['b', 3],
      ['c', 0],
    ] as const;
    for (let i = 0; i < 4000; i++) counts[rng.weighted(items)]++;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.5);
    expect(counts.b / counts.a).toBeLessThan(3.5);
    expect(() => rng.weighted([['x', 0]])).toThrow(RangeError);
    expect(() => rng.weighted([['x', -1]])).toThrow(RangeError);
  });
});

describe('names', () => {
  it('has about 100 unique single-character surnames and about 200 given-name characters', () => {
    expect(CHINESE_SURNAMES.length).toBeGreaterThanOrEqual(95);
    expect(new Set(CHINESE_SURNAMES).size).toBe(CHINESE_SURNAMES.length);
    expect(GIVEN_NAME_CHARS.length).toBeGreaterThanOrEqual(190);
    expect(new Set(GIVEN_NAME_CHARS).size).toBe(GIVEN_NAME_CHARS.length);
    for (const c of [...CHINESE_SURNAMES, ...GIVEN_NAME_CHARS])
      expect(Array.from(c)).toHaveLength(1);
  });

  it('makes deterministic 2- or 3-character names', () => {
    const a = createRng(99);
    const b = createRng(99);
    const lengths = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const name = makeChineseName(a, i % 2 === 0 ? 'male' : 'female');
      expect(makeChineseName(b, i % 2 === 0 ? 'male' : 'female')).toBe(name);
      expect(CHINESE_SURNAMES).toContain(Array.from(name)[0]);
      lengths.add(Array.from(name).length);
    }
    expect([...lengths].sort()).toEqual([2, 3]);
  });
});
