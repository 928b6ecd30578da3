// Follow a complaint with its tracking code: status, deadlines, public history, outcome, rating.
import type { z } from 'zod';
import type { complaintTrackView } from '@cwp/contracts';
import { Button, Card, Descriptions, Form, Input, Rate, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { publicSupervisionApi } from '../../disclosures/api';
import { usePublicError } from '../recruitment/PublicShell';
import { SupervisionShell } from '../disclosures/Shell';

type Track = z.infer<typeof complaintTrackView>;

export function PublicComplaintTrackPage() {
  const { t } = useTranslation();
  const onError = usePublicError();
  const [params] = useSearchParams();
  const [form] = Form.useForm<{ code: string }>();
  const [code, setCode] = useState('');
  const [result, setResult] = useState<Track | null>(null);
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [loading, setLoading] = useState(false);

  const lookup = (c: string) => {
    setLoading(true);
    publicSupervisionApi
      .track(c)
      .then((r) => {
        setCode(c);
        setResult(r);
      })
      .catch((err: unknown) => onError(err, form))
      .finally(() => setLoading(false));
  };

  return (
    <SupervisionShell title={t('supervision.track')}>
      <Card>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ code: params.get('code') ?? '' }}
          onFinish={(v) => lookup(v.code.trim())}
        >
          <Form.Item name="code" label={t('supervision.trackIntro')} rules={[{ required: true }]}>
            <Input maxLength={40} autoComplete="off" data-testid="track-code" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={loading}
            data-testid="track-submit"
          >
            {t('supervision.track')}
          </Button>
        </Form>
      </Card>
      {result && (
        <Card style={{ marginTop: 12 }} data-testid="track-result">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('supervision.community')}>
              {result.communityName}
            </Descriptions.Item>
            <Descriptions.Item label={t('supervision.kind')}>
              {t(`supervision.complaintCategories.${result.category}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('supervision.status')}>
              <span data-testid="track-status">
                {t(`supervision.complaintStatuses.${result.status}`)}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('supervision.acceptDue')}>
              {result.acceptDue}
            </Descriptions.Item>
            <Descriptions.Item label={t('supervision.replyDue')}>
              {result.replyDue}
            </Descriptions.Item>
            {result.outcome && (
              <Descriptions.Item label={t('supervision.outcome')}>
                {result.outcome}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Title level={5}>{t('supervision.events')}</Typography.Title>
          <Timeline
            items={result.events.map((e) => ({
              children: `${e.at.slice(0, 16).replace('T', ' ')} ${t(`supervision.complaintEvents.${e.action}`, { defaultValue: e.action })}${e.note ? `：${e.note}` : ''}`,
            }))}
          />
          {(result.status === 'replied' || result.status === 'closed') &&
            (result.rating === null ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Rate value={rating} onChange={setRating} />
                <Input.TextArea
                  rows={2}
                  maxLength={500}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                  placeholder={t('supervision.ratingComment')}
                />
                <Button
                  disabled={rating === 0}
                  onClick={() => {
                    publicSupervisionApi
                      .rate(code, rating, comment)
                      .then(() => lookup(code))
                      .catch((err: unknown) => onError(err));
                  }}
                >
                  {t('supervision.rate')}
                </Button>
              </Space>
            ) : (
              <Typography.Text>
                {t('supervision.rating')}：<Rate disabled value={result.rating} />
              </Typography.Text>
            ))}
        </Card>
      )}
    </SupervisionShell>
  );
}
