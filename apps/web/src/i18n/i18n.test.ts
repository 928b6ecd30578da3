import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

/** Every leaf key as a dotted path, e.g. "menu.orgUnits". */
function leafKeys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) =>
    leafKeys(value, prefix ? `${prefix}.${key}` : key),
  );
}

function leafValues(tree: unknown): unknown[] {
  if (typeof tree !== 'object' || tree === null) return [tree];
  return Object.values(tree).flatMap(leafValues);
}

function placeholders(tree: unknown, key: string): string[] {
  const value = key.split('.').reduce<unknown>((node, part) => {
    if (typeof node !== 'object' || node === null) return undefined;
    return new Map(Object.entries(node)).get(part);
  }, tree);
  return typeof value === 'string'
    ? [...value.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1] ?? '').sort()
    : [];
}

describe('i18n resources', () => {
  it('zh-CN and en have exactly the same keys', () => {
    expect(leafKeys(en).sort()).toEqual(leafKeys(zhCN).sort());
  });

  it('every value is a non-empty string', () => {
    for (const value of [...leafValues(zhCN), ...leafValues(en)]) {
      expect(typeof value).toBe('string');
      expect(String(value).trim()).not.toBe('');
    }
  });

  it('both languages use the same interpolation placeholders', () => {
    for (const key of leafKeys(zhCN)) {
      expect(placeholders(en, key), key).toEqual(placeholders(zhCN, key));
    }
  });

  it('the Chinese text really is Chinese where it matters', () => {
    expect(zhCN.menu.orgUnits).toBe('组织机构');
    expect(zhCN.menu.users).toBe('账号管理');
    expect(zhCN.menu.roles).toBe('角色权限');
    expect(zhCN.menu.dictionaries).toBe('数据字典');
    expect(zhCN.menu.audit).toBe('审计日志');
  });
});
