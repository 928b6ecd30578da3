// Colours of the run statuses, shared by the list and the detail.
import type { PayrollRunStatus } from '@cwp/contracts';

export const STATUS_COLOR: Record<PayrollRunStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  locked: 'success',
};
