// Rewards and sanctions counted per unit and level (/rewards), for the leaders.
import type { RewardStatsView } from '@cwp/contracts';
import { Card, InputNumber, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { rewardsApi } from './api';

const P = 'management.rewards';

export function RewardsPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [year, setYear] = useState(dayjs().year());
  const [data, setData] = useState<RewardStatsView | null>(null);
  useEffect(() => {
    rewardsApi.stats(year).then(setData, onError);
  }, [year, onError]);
  return (
    <Card title={t(`${P}.title`)}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <InputNumber
          addonBefore={t(`${P}.year`)}
          min={2000}
          max={2100}
          value={year}
          onChange={(v) => v && setYear(v)}
        />
        <Typography.Text>
          {t(`${P}.rewards`)} {data?.totals.rewards ?? 0} · {t(`${P}.sanctions`)}{' '}
          {data?.totals.sanctions ?? 0}
        </Typography.Text>
        <Table
          size="small"
          rowKey="orgUnitId"
          pagination={false}
          dataSource={data?.units ?? []}
          columns={[
            { title: t(`${P}.unit`), dataIndex: 'orgUnitName' },
            { title: t(`${P}.rewards`), dataIndex: 'rewards' },
            { title: t(`${P}.sanctions`), dataIndex: 'sanctions' },
          ]}
        />
        <Space wrap>
          {data?.byLevel.map((l) => (
            <Tag key={`${l.kind}-${l.level}`} color={l.kind === 'reward' ? 'green' : 'red'}>
              {t(`${P}.levels.${l.level}`)} {l.count}
            </Tag>
          ))}
        </Space>
      </Space>
    </Card>
  );
}
