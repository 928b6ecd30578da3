// Complaint deadlines (信访举报办理时限): acceptance and reply due dates from configurable days,
// and the overdue flags shown in lists.
import { addDays } from '../career/dates';

export const DEFAULT_COMPLAINT_DAYS = { acceptDays: 15, replyDays: 60 } as const;

export function complaintDeadlines(
  submittedOn: string,
  days: { acceptDays: number; replyDays: number },
): { acceptDue: string; replyDue: string } {
  return {
    acceptDue: addDays(submittedOn, days.acceptDays),
    replyDue: addDays(submittedOn, days.replyDays),
  };
}

export type ComplaintOverdue = 'accept' | 'reply' | null;

/** Which deadline a complaint has missed on `today`, if any. */
export function complaintOverdue(
  c: { status: string; acceptDue: string; replyDue: string },
  today: string,
): ComplaintOverdue {
  if (c.status === 'submitted' && today > c.acceptDue) return 'accept';
  if ((c.status === 'submitted' || c.status === 'accepted') && today > c.replyDue) return 'reply';
  return null;
}
