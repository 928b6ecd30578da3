import { describe, expect, it } from 'vitest';
import {
  checkFinanceTable,
  complaintDeadlines,
  complaintOverdue,
  dueDateFor,
  overdueItem,
  overduePeriodic,
  periodContaining,
  periodFromKey,
  publicationOnSchedule,
  type DisclosureScheduleRule,
} from '../../src/supervision/index';

const quarterly: DisclosureScheduleRule = { type: 'periodic', period: 'quarter', graceDays: 15 };
const event10: DisclosureScheduleRule = { type: 'event', withinDays: 10 };

describe('disclosure schedules', () => {
  it('finds the period containing a date', () => {
    expect(periodContaining('quarter', '2026-08-15')).toEqual({
      key: '2026-Q3',
      start: '2026-07-01',
      end: '2026-09-30',
    });
    expect(periodContaining('month', '2024-02-10').end).toBe('2024-02-29');
    expect(periodContaining('half', '2026-03-01').key).toBe('2026-H1');
    expect(periodContaining('year', '2026-12-31')).toMatchObject({
      key: '2026',
      start: '2026-01-01',
    });
  });

  it('parses period keys and refuses ones of another period', () => {
    expect(periodFromKey('quarter', '2026-Q4')?.end).toBe('2026-12-31');
    expect(periodFromKey('quarter', '2026-11')).toBeNull();
    expect(periodFromKey('month', '2026-13')).toBeNull();
  });

  it('computes due dates: quarter end + grace, event + N days', () => {
    expect(dueDateFor(quarterly, { periodKey: '2026-Q3' })).toBe('2026-10-15');
    expect(dueDateFor(event10, { eventDate: '2026-05-25' })).toBe('2026-06-04');
    expect(dueDateFor(quarterly, {})).toBeNull();
    expect(dueDateFor(event10, { periodKey: '2026-Q3' })).toBeNull();
  });

  it('knows what is on schedule: after the period ends and by the due date', () => {
    expect(publicationOnSchedule(quarterly, { periodKey: '2026-Q3' }, '2026-10-08')).toBe(true);
    expect(publicationOnSchedule(quarterly, { periodKey: '2026-Q3' }, '2026-10-15')).toBe(true);
    expect(publicationOnSchedule(quarterly, { periodKey: '2026-Q3' }, '2026-10-16')).toBe(false);
    expect(publicationOnSchedule(quarterly, { periodKey: '2026-Q3' }, '2026-09-20')).toBe(false);
    expect(publicationOnSchedule(event10, { eventDate: '2026-05-25' }, '2026-05-30')).toBe(true);
    expect(publicationOnSchedule(event10, { eventDate: '2026-05-25' }, '2026-06-05')).toBe(false);
  });
});

describe('overdue detection', () => {
  it('flags the last quarter once its grace period has passed and nothing is published', () => {
    expect(overduePeriodic('finance', quarterly, '2026-10-15', new Set())).toBeNull();
    expect(overduePeriodic('finance', quarterly, '2026-10-16', new Set())).toEqual({
      kind: 'finance',
      periodKey: '2026-Q3',
      dueDate: '2026-10-15',
    });
    expect(overduePeriodic('finance', quarterly, '2026-10-16', new Set(['2026-Q3']))).toBeNull();
    expect(overduePeriodic('finance', quarterly, '2026-01-20', new Set())?.periodKey).toBe(
      '2025-Q4',
    );
    expect(overduePeriodic('party', event10, '2026-10-16', new Set())).toBeNull();
  });

  it('flags unpublished items past their due date', () => {
    expect(overdueItem({ status: 'draft', dueDate: '2026-06-04' }, '2026-06-05')).toBe(true);
    expect(overdueItem({ status: 'pending', dueDate: '2026-06-04' }, '2026-06-04')).toBe(false);
    expect(overdueItem({ status: 'published', dueDate: '2026-06-04' }, '2026-07-01')).toBe(false);
    expect(overdueItem({ status: 'draft', dueDate: null }, '2026-07-01')).toBe(false);
  });
});

describe('finance totals', () => {
  const rows = [
    { category: '上级拨款', direction: 'income' as const, amount: 1_200_000 },
    { category: '服务收入', direction: 'income' as const, amount: 35_050 },
    { category: '办公费', direction: 'spending' as const, amount: 420_000 },
    { category: '活动费', direction: 'spending' as const, amount: 180_025 },
  ];

  it('accepts a table whose totals add up', () => {
    expect(
      checkFinanceTable({
        rows,
        totalIncome: 1_235_050,
        totalSpending: 600_025,
        balance: 635_025,
      }),
    ).toEqual([]);
  });

  it('names the total that does not add up, with both figures in yuan', () => {
    const problems = checkFinanceTable({
      rows,
      totalIncome: 1_235_000,
      totalSpending: 600_025,
      balance: 634_975,
    });
    expect(problems).toEqual([
      {
        path: 'finance.totalIncome',
        message: '收入合计 12350.00 元与各收入行之和 12350.50 元不符',
      },
    ]);
  });

  it('names the row with a bad amount or a duplicate category', () => {
    const problems = checkFinanceTable({
      rows: [
        ...rows,
        { category: '办公费', direction: 'spending', amount: 100 },
        { category: '捐赠', direction: 'income', amount: -5 },
      ],
      totalIncome: 0,
      totalSpending: 0,
      balance: 0,
    });
    expect(problems.map((p) => p.path)).toEqual([
      'finance.rows.4.category',
      'finance.rows.5.amount',
    ]);
    expect(problems[0]?.message).toContain('第 5 行（办公费）');
  });

  it('checks the balance', () => {
    expect(
      checkFinanceTable({ rows, totalIncome: 1_235_050, totalSpending: 600_025, balance: 1 })[0]
        ?.path,
    ).toBe('finance.balance');
  });
});

describe('complaint deadlines', () => {
  it('computes acceptance and reply due dates and flags the missed one', () => {
    const d = complaintDeadlines('2026-11-01', { acceptDays: 15, replyDays: 60 });
    expect(d).toEqual({ acceptDue: '2026-11-16', replyDue: '2026-12-31' });
    expect(complaintOverdue({ status: 'submitted', ...d }, '2026-11-16')).toBeNull();
    expect(complaintOverdue({ status: 'submitted', ...d }, '2026-11-17')).toBe('accept');
    expect(complaintOverdue({ status: 'accepted', ...d }, '2026-12-31')).toBeNull();
    expect(complaintOverdue({ status: 'accepted', ...d }, '2027-01-01')).toBe('reply');
    expect(complaintOverdue({ status: 'replied', ...d }, '2027-01-01')).toBeNull();
  });
});
