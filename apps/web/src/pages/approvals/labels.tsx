// Status tags and labels of the approval flow, shared by the inbox and the rule-set screens.
import {
  APPROVAL_STATUS_LABELS,
  APPROVAL_SUBJECT_LABELS,
  type ApprovalEventView,
  type ApprovalStatus,
  type ApprovalSubjectType,
} from '@cwp/contracts';
import { Tag } from 'antd';
import { useLocalized } from '../../components/useLocalized';

const STATUS_COLORS: Record<ApprovalStatus, string> = {
  pending: 'processing',
  approved: 'success',
  returned: 'warning',
  withdrawn: 'default',
};

export function ApprovalStatusTag({ status }: { status: ApprovalStatus }) {
  const localized = useLocalized();
  const label = APPROVAL_STATUS_LABELS[status];
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="approval-status">
      {localized(label.zh, label.en)}
    </Tag>
  );
}

export function useSubjectTypeLabel(): (type: ApprovalSubjectType) => string {
  const localized = useLocalized();
  return (type) => {
    const label = APPROVAL_SUBJECT_LABELS[type];
    return localized(label.zh, label.en);
  };
}

export const EVENT_COLORS: Record<ApprovalEventView['kind'], string> = {
  submit: 'blue',
  approve: 'green',
  return: 'orange',
  withdraw: 'gray',
  comment: 'gray',
};
