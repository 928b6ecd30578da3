import { describe, expect, it } from 'vitest';
import {
  ORG_LEVELS,
  childLevelOf,
  isOrgLevel,
  parentLevelOf,
  validateDivisionCode,
  type OrgLevel,
} from '../src/index';

function message(
  level: OrgLevel,
  code: string,
  parent?: { level: OrgLevel; divisionCode: string } | null,
) {
  const r = validateDivisionCode(level, code, parent);
  return r.ok ? null : r.message;
}

describe('org levels', () => {
  it('walks the hierarchy', () => {
    expect(ORG_LEVELS).toEqual(['province', 'city', 'district', 'subdistrict', 'community']);
    expect(childLevelOf('province')).toBe('city');
    expect(childLevelOf('city')).toBe('district');
    expect(childLevelOf('district')).toBe('subdistrict');
    expect(childLevelOf('subdistrict')).toBe('community');
    expect(childLevelOf('community')).toBeNull();
    expect(parentLevelOf('province')).toBeNull();
    expect(parentLevelOf('community')).toBe('subdistrict');
  });

  it('recognises level names', () => {
    expect(isOrgLevel('district')).toBe(true);
    expect(isOrgLevel('county')).toBe(false);
  });
});

describe('validateDivisionCode shapes', () => {
  it('province: 6 digits ending 0000 within 11–82', () => {
    expect(message('province', '110000')).toBeNull();
    expect(message('province', '820000')).toBeNull();
    expect(message('province', '110100')).toMatch(/0000结尾/);
    expect(message('province', '11000')).toMatch(/6位数字/);
    expect(message('province', '1100000')).toMatch(/6位数字/);
    expect(message('province', '100000')).toMatch(/11–82/);
    expect(message('province', '830000')).toMatch(/11–82/);
    expect(message('province', 'ab0000')).toMatch(/6位数字/);
  });

  it('city: 6 digits ending 00 but not 0000', () => {
    expect(message('city', '110100', { level: 'province', divisionCode: '110000' })).toBeNull();
    expect(message('city', '440300', { level: 'province', divisionCode: '440000' })).toBeNull();
    expect(message('city', '440305', { level: 'province', divisionCode: '440000' })).toMatch(
      /00结尾/,
    );
    expect(message('city', '440000', { level: 'province', divisionCode: '440000' })).toMatch(
      /0000/,
    );
    expect(message('city', '44030', { level: 'province', divisionCode: '440000' })).toMatch(
      /6位数字/,
    );
  });

  it('city: a municipality may be a root city with an XX0000 code', () => {
    expect(message('city', '110000', null)).toBeNull();
    expect(message('city', '500000')).toBeNull();
  });

  it('district: 6 digits not ending 00', () => {
    expect(message('district', '110105')).toBeNull();
    expect(message('district', '110100')).toMatch(/不以00结尾/);
    expect(message('district', '11010')).toMatch(/6位数字/);
  });

  it('subdistrict: 9 digits', () => {
    expect(message('subdistrict', '110105001')).toBeNull();
    expect(message('subdistrict', '11010500')).toBe('街道（乡镇）代码应为9位数字');
    expect(message('subdistrict', '110105000')).toMatch(/000/);
  });

  it('community: 12 digits', () => {
    expect(message('community', '110105001001')).toBeNull();
    expect(message('community', '11010500100')).toBe('社区代码应为12位数字');
    expect(message('community', '1101050010011')).toBe('社区代码应为12位数字');
    expect(message('community', '110105001000')).toMatch(/000/);
  });

  it('rejects codes whose first two digits are not a province', () => {
    expect(message('district', '990101')).toMatch(/11–82/);
    expect(message('community', '010105001001')).toMatch(/11–82/);
  });
});

describe('validateDivisionCode parent rules', () => {
  const province = { level: 'province', divisionCode: '440000' } as const;
  const city = { level: 'city', divisionCode: '440300' } as const;
  const district = { level: 'district', divisionCode: '440305' } as const;
  const subdistrict = { level: 'subdistrict', divisionCode: '440305001' } as const;

  it('accepts a consistent chain', () => {
    expect(message('province', '440000', null)).toBeNull();
    expect(message('city', '440300', province)).toBeNull();
    expect(message('district', '440305', city)).toBeNull();
    expect(message('subdistrict', '440305001', district)).toBeNull();
    expect(message('community', '440305001002', subdistrict)).toBeNull();
  });

  it('city must start with the province first 2 digits', () => {
    expect(message('city', '450300', province)).toBe('代码应以上级单位代码 440000 的前2位 44 开头');
  });

  it('district must start with the city first 4 digits', () => {
    expect(message('district', '440105', city)).toBe(
      '代码应以上级单位代码 440300 的前4位 4403 开头',
    );
  });

  it('district under a root municipality city (XX0000) needs only the first 2 digits', () => {
    const municipality = { level: 'city', divisionCode: '110000' } as const;
    expect(message('district', '110105', municipality)).toBeNull();
    expect(message('district', '120105', municipality)).toMatch(/前2位 11 开头/);
  });

  it('district under a municipality 市辖区 city (XX0100) uses the first 4 digits', () => {
    const cityDistricts = { level: 'city', divisionCode: '110100' } as const;
    expect(message('district', '110105', cityDistricts)).toBeNull();
    expect(message('district', '110229', cityDistricts)).toMatch(/前4位 1101 开头/);
  });

  it('subdistrict must start with the district code', () => {
    expect(message('subdistrict', '440306001', district)).toBe('代码应以上级单位代码 440305 开头');
  });

  it('community must start with the subdistrict code', () => {
    expect(
      message('community', '110105002001', { level: 'subdistrict', divisionCode: '110105001' }),
    ).toBe('代码应以上级单位代码 110105001 开头');
  });

  it('child level must be exactly the next level', () => {
    expect(message('district', '440305', province)).toBe(
      '省级单位下只能创建市级单位，不能创建区县单位',
    );
    expect(message('community', '440305001002', district)).toMatch(/只能创建街道（乡镇）单位/);
    expect(message('city', '440300', city)).toMatch(/只能创建区县单位/);
    expect(message('subdistrict', '440305001', city)).toMatch(/只能创建区县单位/);
  });

  it('a province cannot have a parent and a community cannot have children', () => {
    expect(message('province', '440000', province)).toBe('省级单位不能有上级单位');
    expect(
      message('community', '440305001002', { level: 'community', divisionCode: '440305001001' }),
    ).toBe('社区（村）单位不能有下级单位');
  });

  it('a non-root city cannot use an XX0000 code', () => {
    expect(message('city', '440000', province)).toMatch(/不能以0000结尾/);
  });
});
