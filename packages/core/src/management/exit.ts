/**
 * Exit (退出) rules: the types, the checklist, and what must be done before approval.
 */

export const EXIT_TYPES = [
  'resignation',
  'dismissal',
  'non_renewal',
  'retirement',
  'transfer_out',
] as const;
export type ExitType = (typeof EXIT_TYPES)[number];

export const EXIT_CHECKLIST_ITEMS = [
  'handover',
  'contractEnded',
  'insuranceStopped',
  'accountsDisabled',
  'finalPay',
] as const;
export type ExitChecklistItem = (typeof EXIT_CHECKLIST_ITEMS)[number];

export const EXIT_CHECKLIST_LABELS: Readonly<Record<ExitChecklistItem, string>> = {
  handover: '工作交接',
  contractEnded: '劳动合同终止',
  insuranceStopped: '社保停缴',
  accountsDisabled: '系统账号停用',
  finalPay: '薪酬结清',
};

/** The checklist items not yet done, in order. */
export function missingChecklistItems(
  done: Readonly<Record<ExitChecklistItem, boolean>>,
): ExitChecklistItem[] {
  return EXIT_CHECKLIST_ITEMS.filter((i) => !done[i]);
}

/** Turnover rate in percent with one decimal: exits / average headcount. */
export function turnoverRate(exits: number, headcount: number): number {
  if (headcount <= 0) return 0;
  return Math.round((exits / headcount) * 1000) / 10;
}
