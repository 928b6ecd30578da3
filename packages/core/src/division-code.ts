/**
 * Organisation tree levels and their codes: GB/T 2260 administrative division codes for
 * province/city/district (6 digits), extended by the National Bureau of Statistics'
 * urban-rural division codes for subdistricts/towns (9 digits) and communities/villages (12 digits).
 */

export const ORG_LEVELS = ['province', 'city', 'district', 'subdistrict', 'community'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const ORG_LEVEL_LABELS: Readonly<Record<OrgLevel, { zh: string; en: string }>> = {
  province: { zh: '省级', en: 'Province' },
  city: { zh: '市级', en: 'City' },
  district: { zh: '区县', en: 'District' },
  subdistrict: { zh: '街道（乡镇）', en: 'Subdistrict' },
  community: { zh: '社区（村）', en: 'Community' },
};

export type DivisionCodeParent = { level: OrgLevel; divisionCode: string };
export type DivisionCodeResult = { ok: true } | { ok: false; message: string };

export function isOrgLevel(value: string): value is OrgLevel {
  return ORG_LEVELS.some((level) => level === value);
}

export function childLevelOf(level: OrgLevel): OrgLevel | null {
  return ORG_LEVELS[ORG_LEVELS.indexOf(level) + 1] ?? null;
}

export function parentLevelOf(level: OrgLevel): OrgLevel | null {
  const index = ORG_LEVELS.indexOf(level);
  return index > 0 ? (ORG_LEVELS[index - 1] ?? null) : null;
}

const fail = (message: string): DivisionCodeResult => ({ ok: false, message });
const OK: DivisionCodeResult = { ok: true };

/**
 * A city-level node may carry an `XX0000` code only when it is the root of the tree: that is how a
 * direct-administered municipality (e.g. 北京市 110000) is modelled when no province node exists.
 */
function isMunicipalityCityCode(code: string): boolean {
  return code.endsWith('0000');
}

function checkShape(level: OrgLevel, code: string, isRoot: boolean): DivisionCodeResult {
  switch (level) {
    case 'province':
      if (!/^\d{6}$/.test(code) || !code.endsWith('0000')) {
        return fail('省级代码应为6位数字，且以0000结尾');
      }
      break;
    case 'city':
      if (!/^\d{6}$/.test(code) || !code.endsWith('00')) {
        return fail('市级代码应为6位数字，且以00结尾');
      }
      if (isMunicipalityCityCode(code) && !isRoot) {
        return fail('市级代码不能以0000结尾（仅无上级单位的直辖市可使用XX0000）');
      }
      break;
    case 'district':
      if (!/^\d{6}$/.test(code) || code.endsWith('00')) {
        return fail('区县代码应为6位数字，且不以00结尾');
      }
      break;
    case 'subdistrict':
      if (!/^\d{9}$/.test(code)) return fail('街道（乡镇）代码应为9位数字');
      // 000 is never assigned by the statistical code scheme; it usually means a padded district code.
      if (code.endsWith('000')) return fail('街道（乡镇）代码后3位不能为000');
      break;
    case 'community':
      if (!/^\d{12}$/.test(code)) return fail('社区代码应为12位数字');
      if (code.endsWith('000')) return fail('社区代码后3位不能为000');
      break;
  }
  const provincePrefix = Number(code.slice(0, 2));
  if (provincePrefix < 11 || provincePrefix > 82) {
    return fail('代码前2位应为有效的省级代码（11–82）');
  }
  return OK;
}

function requiredPrefix(parent: DivisionCodeParent): string {
  switch (parent.level) {
    case 'province':
      return parent.divisionCode.slice(0, 2);
    case 'city':
      // Districts of a municipality modelled as an XX0000 city share only the province digits.
      return isMunicipalityCityCode(parent.divisionCode)
        ? parent.divisionCode.slice(0, 2)
        : parent.divisionCode.slice(0, 4);
    case 'district':
    case 'subdistrict':
    case 'community':
      return parent.divisionCode;
  }
}

export function validateDivisionCode(
  level: OrgLevel,
  code: string,
  parent?: DivisionCodeParent | null,
): DivisionCodeResult {
  const hasParent = parent !== undefined && parent !== null;

  if (hasParent) {
    const expectedParentLevel = parentLevelOf(level);
    if (expectedParentLevel === null) {
      return fail(`${levelZh(level)}单位不能有上级单位`);
    }
    if (parent.level !== expectedParentLevel) {
      const allowedChild = childLevelOf(parent.level);
      return fail(
        allowedChild === null
          ? `${levelZh(parent.level)}单位不能有下级单位`
          : `${levelZh(parent.level)}单位下只能创建${levelZh(allowedChild)}单位，不能创建${levelZh(level)}单位`,
      );
    }
  }

  const shape = checkShape(level, code, !hasParent);
  if (!shape.ok) return shape;

  if (hasParent) {
    const prefix = requiredPrefix(parent);
    if (!code.startsWith(prefix)) {
      return fail(
        prefix === parent.divisionCode
          ? `代码应以上级单位代码 ${prefix} 开头`
          : `代码应以上级单位代码 ${parent.divisionCode} 的前${prefix.length}位 ${prefix} 开头`,
      );
    }
  }
  return OK;
}

function levelZh(level: OrgLevel): string {
  return ORG_LEVEL_LABELS[level].zh;
}
