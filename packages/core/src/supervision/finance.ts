// Finance disclosure tables (财务公开): income and spending by category, amounts in fen (分).
// The declared totals must equal the sum of the rows; a mismatch names the row or total at fault.

export interface FinanceRow {
  category: string;
  direction: 'income' | 'spending';
  /** Amount in fen (1/100 yuan), a non-negative integer. */
  amount: number;
}

export interface FinanceTable {
  rows: FinanceRow[];
  /** Totals as declared by the preparer; checked against the rows. */
  totalIncome: number;
  totalSpending: number;
  /** Declared balance = income - spending. */
  balance: number;
}

export interface FinanceProblem {
  /** Field path in the request, e.g. `finance.rows.2.amount` or `finance.totalIncome`. */
  path: string;
  message: string;
}

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Sums the rows of one direction. */
export function sumRows(rows: readonly FinanceRow[], direction: FinanceRow['direction']): number {
  return rows.filter((r) => r.direction === direction).reduce((s, r) => s + r.amount, 0);
}

/** Every problem with a finance table; an empty list means the totals add up. */
export function checkFinanceTable(t: FinanceTable): FinanceProblem[] {
  const out: FinanceProblem[] = [];
  if (t.rows.length === 0) out.push({ path: 'finance.rows', message: '财务公开表至少需要一行' });
  const seen = new Map<string, number>();
  t.rows.forEach((r, i) => {
    const n = i + 1;
    if (!r.category.trim())
      out.push({ path: `finance.rows.${i}.category`, message: `第 ${n} 行：缺少科目` });
    if (!Number.isSafeInteger(r.amount) || r.amount < 0)
      out.push({
        path: `finance.rows.${i}.amount`,
        message: `第 ${n} 行（${r.category}）：金额应为非负数，最多两位小数`,
      });
    const key = `${r.direction}:${r.category.trim()}`;
    const prev = seen.get(key);
    if (prev !== undefined)
      out.push({
        path: `finance.rows.${i}.category`,
        message: `第 ${n} 行（${r.category}）：与第 ${prev + 1} 行科目重复`,
      });
    else seen.set(key, i);
  });
  if (out.length > 0) return out;
  const income = sumRows(t.rows, 'income');
  const spending = sumRows(t.rows, 'spending');
  if (income !== t.totalIncome)
    out.push({
      path: 'finance.totalIncome',
      message: `收入合计 ${yuan(t.totalIncome)} 元与各收入行之和 ${yuan(income)} 元不符`,
    });
  if (spending !== t.totalSpending)
    out.push({
      path: 'finance.totalSpending',
      message: `支出合计 ${yuan(t.totalSpending)} 元与各支出行之和 ${yuan(spending)} 元不符`,
    });
  if (t.totalIncome - t.totalSpending !== t.balance)
    out.push({
      path: 'finance.balance',
      message: `结余 ${yuan(t.balance)} 元应等于收入合计减支出合计（${yuan(t.totalIncome - t.totalSpending)} 元）`,
    });
  return out;
}
