// The history of an approval request: who submitted, commented, approved, returned or withdrew,
// when, and with what comment. Used by the approval detail and the rule-set detail.
import type { ApprovalEventView } from '@cwp/contracts';
import { Empty, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { EVENT_COLORS } from '../labels';

export function EventTimeline({ events }: { events: readonly ApprovalEventView[] }) {
  const { t } = useTranslation();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      data-testid="approval-events"
      items={events.map((e) => ({
        key: e.id,
        color: EVENT_COLORS[e.kind],
        children: (
          <div>
            <Typography.Text strong>{t(`careerRules.approvals.events.${e.kind}`)}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {e.actor?.displayName ?? t('careerRules.approvals.system')} ·{' '}
              {dayjs(e.at).format('YYYY-MM-DD HH:mm')}
            </Typography.Text>
            {e.comment && (
              <Typography.Paragraph style={{ margin: '4px 0 0' }} data-testid="approval-comment">
                {e.comment}
              </Typography.Paragraph>
            )}
          </div>
        ),
      }))}
    />
  );
}
