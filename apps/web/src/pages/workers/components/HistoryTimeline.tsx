// Effective-dated history of unit, post, grade and status: one timeline per kind, newest first,
// each entry with its period, reason and who recorded it.
import type { HistoryEntry, WorkerStatus } from '@cwp/contracts';
import { WORKER_STATUSES } from '@cwp/contracts';
import { Card, Col, Empty, Row, Spin, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { workersApi } from '../api';
import type { WorkerLabels } from './labels';

const KINDS = ['unit', 'post', 'grade', 'status'] as const;
type Kind = (typeof KINDS)[number];

function isStatus(v: string): v is WorkerStatus {
  return WORKER_STATUSES.some((s) => s === v);
}

interface Props {
  workerId: number;
  labels: WorkerLabels;
  /** Changes when the dossier is saved, so the history reloads. */
  version: number;
}

export function HistoryTimeline({ workerId, labels, version }: Props) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    workersApi
      .history(workerId)
      .then((list) => {
        if (!cancelled) setEntries(list);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [workerId, version, onError]);

  if (!entries) return <Spin />;

  const value = (e: HistoryEntry) => {
    switch (e.kind) {
      case 'unit':
        return e.orgUnitName ?? e.value;
      case 'post':
        return labels.dict('post', e.value);
      case 'grade':
        return labels.grade(Number(e.value));
      case 'status':
        return isStatus(e.value) ? labels.status(e.value) : e.value;
    }
  };

  const byKind = (kind: Kind) =>
    entries
      .filter((e) => e.kind === kind)
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.id - a.id);

  return (
    <Row gutter={[16, 16]} data-testid="history-tab">
      {KINDS.map((kind) => {
        const list = byKind(kind);
        return (
          <Col key={kind} xs={24} md={12} xl={6}>
            <Card
              size="small"
              title={t(`workers.history.kinds.${kind}`)}
              className="cwp-history-card"
            >
              {list.length === 0 ? (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={t('workers.history.empty')}
                />
              ) : (
                <Timeline
                  items={list.map((e) => ({
                    key: e.id,
                    color: e.effectiveTo ? 'gray' : 'green',
                    children: (
                      <div className="cwp-history-entry" data-testid={`history-${kind}`}>
                        <div>
                          <Typography.Text strong>{value(e)}</Typography.Text>
                          {!e.effectiveTo && (
                            <Tag color="green" style={{ marginLeft: 8 }}>
                              {t('workers.history.current')}
                            </Tag>
                          )}
                        </div>
                        <Typography.Text type="secondary" className="cwp-history-period">
                          {t('workers.history.period', {
                            from: e.effectiveFrom,
                            to: e.effectiveTo ?? t('workers.history.now'),
                          })}
                        </Typography.Text>
                        {e.reason && <div className="cwp-history-meta">{e.reason}</div>}
                        {e.createdBy && (
                          <div className="cwp-history-meta">
                            {t('workers.history.by', { name: e.createdBy })}
                          </div>
                        )}
                      </div>
                    ),
                  }))}
                />
              )}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
