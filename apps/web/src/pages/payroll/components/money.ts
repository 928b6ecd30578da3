// Amount formatting shared by the payroll screens: yuan with two decimals and thousands
// separators; a hidden amount (null, no worker:pii) is shown as such.
export function yuan(v: number | null | undefined, hidden = '—'): string {
  if (v === null || v === undefined) return hidden;
  return v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
