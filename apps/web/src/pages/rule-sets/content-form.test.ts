import { EXAMPLE_RULE_SETS } from '@cwp/core';
import { validateRuleSetContent } from '@cwp/contracts';
import { describe, expect, it } from 'vitest';
import {
  contentPath,
  contentToForm,
  displayPath,
  formToContent,
  hasStructuredForm,
  parseJson,
  splitErrors,
} from './content-form';

const staffing = EXAMPLE_RULE_SETS.staffing_standard.content;

describe('structured editor values', () => {
  it('round-trips every example through the form unchanged', () => {
    for (const kind of [
      'staffing_standard',
      'grade_scheme',
      'pay_table',
      'contract_insurance',
      'recruitment_conditions',
      'training_requirements',
    ] as const) {
      const content = EXAMPLE_RULE_SETS[kind].content;
      expect(hasStructuredForm(kind)).toBe(true);
      expect(formToContent(kind, contentToForm(kind, content))).toEqual(content);
    }
  });

  it('sends only the chosen probation rule of a pay table', () => {
    const values = contentToForm('pay_table', EXAMPLE_RULE_SETS.pay_table.content);
    values.content = {
      ...values.content,
      probation: { mode: 'grade_lower', percent: 80, grades: 1 },
    };
    const sent = formToContent('pay_table', values);
    expect(sent.probation).toEqual({ mode: 'grade_lower', grades: 1 });
    expect(validateRuleSetContent('pay_table', sent).ok).toBe(true);
  });

  it('sends a blank household requirement and an emptied list of majors as null', () => {
    const values = contentToForm(
      'recruitment_conditions',
      EXAMPLE_RULE_SETS.recruitment_conditions.content,
    );
    values.content = { ...values.content, householdRegistration: ' ', majors: [] };
    const sent = formToContent('recruitment_conditions', values);
    expect(sent.householdRegistration).toBeNull();
    expect(sent.majors).toBeNull();
    expect(validateRuleSetContent('recruitment_conditions', sent).ok).toBe(true);
  });

  it('keeps the numbers of a switched-off block for switching it on again, but sends null', () => {
    const values = contentToForm('staffing_standard', { ...staffing, population: null });
    expect(values.enabled).toEqual({ population: false, households: true, beyond: true });
    // The form has defaults to show when the block is switched on …
    expect(values.content.population).toMatchObject({ perResidents: 10_000 });
    // … but the content sent has no population rule.
    const sent = formToContent('staffing_standard', values);
    expect(sent.population).toBeNull();
    expect(sent.households).toEqual(staffing.households);

    const noBeyond = formToContent('staffing_standard', {
      ...contentToForm('staffing_standard', staffing),
      enabled: { population: true, households: true, beyond: false },
    });
    expect(noBeyond.households).toEqual({ bands: staffing.households?.bands, beyond: null });
    const noHouseholds = formToContent('staffing_standard', {
      ...contentToForm('staffing_standard', staffing),
      enabled: { population: true, households: false, beyond: true },
    });
    expect(noHouseholds.households).toBeNull();
    // What the form produces is what the server accepts (method "max" needs households).
    const checked = validateRuleSetContent('staffing_standard', noHouseholds);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors.map((e) => e.path)).toContain('households');
  });

  it('turns emptied inputs into null, so the server names the field instead of dropping it', () => {
    const values = contentToForm('staffing_standard', staffing);
    const bands = [
      { upTo: 1000, posts: 10 },
      { upTo: undefined, posts: 12 },
    ];
    values.content = {
      ...values.content,
      capPerCommunity: undefined,
      households: { bands, beyond: null },
    };
    const sent = formToContent('staffing_standard', values);
    expect(sent.capPerCommunity).toBeNull();
    expect(sent.households).toMatchObject({ bands: [{ upTo: 1000 }, { upTo: null, posts: 12 }] });
    const checked = validateRuleSetContent('staffing_standard', sent);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors.map((e) => e.path)).toContain('households.bands.1.upTo');
  });

  it('sends a grade post with a blank label as null', () => {
    const scheme = EXAMPLE_RULE_SETS.grade_scheme.content;
    const values = contentToForm('grade_scheme', scheme);
    values.content = {
      ...values.content,
      posts: [{ code: 'staff', label: '  ', minGrade: 1, maxGrade: 18 }],
    };
    const sent = formToContent('grade_scheme', values);
    expect(sent.posts).toEqual([{ code: 'staff', label: null, minGrade: 1, maxGrade: 18 }]);
  });
});

describe('server errors', () => {
  it('separates content errors (relative paths) from the others and drops repeats', () => {
    const { content, other } = splitErrors([
      { path: 'content.households.bands.1.upTo', message: '第 2 档户数上限应大于上一档的 1000 户' },
      { path: 'content.households.bands.1.upTo', message: '第 2 档户数上限应大于上一档的 1000 户' },
      { path: 'content', message: '配备标准应为对象' },
      { path: 'effectiveFrom', message: '生效日期格式应为 YYYY-MM-DD' },
    ]);
    expect(content).toEqual([
      { path: 'households.bands.1.upTo', message: '第 2 档户数上限应大于上一档的 1000 户' },
      { path: '', message: '配备标准应为对象' },
    ]);
    expect(other).toEqual([{ path: 'effectiveFrom', message: '生效日期格式应为 YYYY-MM-DD' }]);
    expect(contentPath('contentX.a')).toBeNull();
  });

  it('shows paths the way people count (first band is 1)', () => {
    expect(displayPath('households.bands.1.upTo')).toBe('households › bands[2] › upTo');
    expect(displayPath('capPerCommunity')).toBe('capPerCommunity');
  });

  it('reports a JSON syntax error instead of throwing', () => {
    expect(parseJson('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    const bad = parseJson('{"a": }');
    expect(bad.ok).toBe(false);
  });
});
