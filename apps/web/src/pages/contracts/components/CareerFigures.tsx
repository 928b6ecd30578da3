// The leaders' career-channel figures: records per kind in a year for a unit and everything
// under it.
import type { CareerStatsView } from '@cwp/contracts';
import { Card, Col, Row, Select, Statistic } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { contractsApi } from '../api';

export function CareerFigures({ orgUnitId }: { orgUnitId: number | undefined }) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [stats, setStats] = useState<CareerStatsView | null>(null);

  useEffect(() => {
    let cancelled = false;
    contractsApi
      .careerStats(year, orgUnitId)
      .then((s) => {
        if (!cancelled) setStats(s);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [year, orgUnitId, onError]);

  return (
    <Card
      title={`${t('contracts.career.figures')}${stats ? ` · ${stats.orgUnitName}` : ''}`}
      extra={
        <Select
          value={year}
          onChange={setYear}
          style={{ width: 110 }}
          aria-label={t('contracts.career.year')}
          options={Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => ({
            value: y,
            label: y,
          }))}
        />
      }
    >
      <Row gutter={16}>
        {(stats?.counts ?? []).map((c) => (
          <Col key={c.kind} xs={12} md={4}>
            <Statistic title={t(`contracts.career.kinds.${c.kind}`)} value={c.count} />
          </Col>
        ))}
        <Col xs={12} md={4}>
          <Statistic title={t('contracts.career.total')} value={stats?.total ?? 0} />
        </Col>
      </Row>
    </Card>
  );
}
