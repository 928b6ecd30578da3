import type { GradeReviewView } from '@cwp/contracts';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<GradeReviewView['status'], string> = {
  computing: 'processing',
  draft: 'default',
  pending: 'gold',
  returned: 'orange',
  applied: 'green',
  discarded: 'default',
  failed: 'red',
};

export function ReviewStatusTag({ status }: { status: GradeReviewView['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="grade-review-status">
      {t(`grades.statuses.${status}`)}
    </Tag>
  );
}
