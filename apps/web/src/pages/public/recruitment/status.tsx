// Public status lookup: ID number + application code (no login).
import type { StatusLookupResult } from '@cwp/contracts';
import { Button, Card, Descriptions, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { publicApi } from '../../recruitment/api';
import { PublicShell, usePublicError } from './PublicShell';

export function PublicStatusPage() {
  const { t } = useTranslation();
  const onError = usePublicError();
  const [params] = useSearchParams();
  const [form] = Form.useForm<{ idNumber: string; code: string }>();
  const [result, setResult] = useState<StatusLookupResult | null>(null);
  const [loading, setLoading] = useState(false);
  return (
    <PublicShell>
      <Card title={t('recruitment.public.lookupTitle')}>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ code: params.get('code') ?? '' }}
          onFinish={(v) => {
            setLoading(true);
            setResult(null);
            publicApi
              .status(v.idNumber.trim(), v.code.trim())
              .then(setResult)
              .catch((err: unknown) => onError(err, form))
              .finally(() => setLoading(false));
          }}
        >
          <Form.Item name="idNumber" label={t('recruitment.idNumber')} rules={[{ required: true }]}>
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item name="code" label={t('recruitment.code')} rules={[{ required: true }]}>
            <Input maxLength={10} autoComplete="off" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={loading}
            data-testid="status-lookup"
          >
            {t('recruitment.public.lookup')}
          </Button>
        </Form>
      </Card>
      {result && (
        <Card title={t('recruitment.public.result')} style={{ marginTop: 12 }}>
          <Descriptions column={1} size="small" data-testid="status-result">
            <Descriptions.Item label={t('recruitment.planTitle')}>
              {result.planTitle}
            </Descriptions.Item>
            <Descriptions.Item label={t('recruitment.public.post')}>
              {result.postTitle}
            </Descriptions.Item>
            <Descriptions.Item label={t('recruitment.name')}>{result.name}</Descriptions.Item>
            <Descriptions.Item label={t('recruitment.status')}>
              {t(`recruitment.appStatuses.${result.status}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('recruitment.public.progress')}>
              {result.message}
            </Descriptions.Item>
            {result.combinedScore !== null && (
              <Descriptions.Item label={t('recruitment.combinedScore')}>
                {result.combinedScore}（{t('recruitment.writtenScore')} {result.writtenScore}，
                {t('recruitment.interviewScore')} {result.interviewScore}，{t('recruitment.rank')}{' '}
                {result.rank}）
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('recruitment.attachments')}>
              {result.attachments}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    </PublicShell>
  );
}
