// /honors/rounds/:id: one nomination round — its criteria, an eligibility check per candidate
// (reasons shown when not eligible), nominating, submitting for approval one level up, outcome.
import type { EligibilityView, NominationRoundDetail } from '@cwp/contracts';
import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import { WorkerPicker } from '../econ-audits/components/WorkerPicker';
import { honorsApi } from './api';

export function NominationRoundPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const [round, setRound] = useState<NominationRoundDetail | null>(null);
  const [check, setCheck] = useState<EligibilityView | null>(null);
  const [form] = Form.useForm<{ workerId: number; reason: string }>();
  useEffect(() => {
    honorsApi.round(id).then(setRound).catch(onError);
  }, [id, onError]);
  if (!round) return <PageSpin />;

  const act = async (p: Promise<NominationRoundDetail>) => {
    try {
      setRound(await p);
      void message.success(t('common.saved'));
    } catch (err) {
      onError(err, form);
    }
  };
  const runCheck = async () => {
    const workerId = form.getFieldValue('workerId') as number | undefined;
    if (!workerId) return;
    try {
      setCheck(await honorsApi.eligibility(round.id, workerId));
    } catch (err) {
      onError(err, form);
    }
  };
  const nominate = async () => {
    const v = await form.validateFields();
    await act(honorsApi.nominate(round.id, v));
    form.resetFields();
    setCheck(null);
  };
  const req = [{ required: true, message: t('oversight.required') }];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={round.title}>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('oversight.honors.kind')}>
            {t(`oversight.honors.kinds.${round.kind}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('oversight.orgUnit')}>{round.orgUnitName}</Descriptions.Item>
          <Descriptions.Item label={t('oversight.honors.referenceDate')}>
            {round.referenceDate}
          </Descriptions.Item>
          <Descriptions.Item label={t('oversight.honors.criteria')}>
            {t('oversight.honors.criteriaText', {
              years: round.criteria.minServiceYears,
              n: round.criteria.assessmentYears,
              rating: t(`oversight.honors.ratings.${round.criteria.minRating}`),
            })}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('oversight.honors.nominate')}>
        <Form form={form} layout="vertical" style={{ maxWidth: 560 }}>
          <Form.Item name="workerId" label={t('oversight.worker')} rules={req}>
            <WorkerPicker
              onChange={(v) => {
                form.setFieldValue('workerId', v);
                setCheck(null);
              }}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('oversight.honors.reason')} rules={req}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          {check && (
            <Alert
              style={{ marginBottom: 16 }}
              type={check.eligible ? 'success' : 'warning'}
              message={`${check.eligible ? t('oversight.honors.eligible') : t('oversight.honors.notEligible')} · ${t(
                'oversight.honors.serviceYears',
                { years: check.serviceYears, age: check.age },
              )}`}
              description={check.reasons.map((r) => r.message).join('；') || undefined}
            />
          )}
          <Space>
            <Button onClick={() => void runCheck()}>{t('oversight.honors.check')}</Button>
            <Button type="primary" onClick={() => void nominate()}>
              {t('oversight.honors.nominate')}
            </Button>
          </Space>
        </Form>
      </Card>
      <Card title={t('oversight.honors.nominations')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={round.items}
          columns={[
            {
              title: t('oversight.worker'),
              render: (_, n) => `${n.workerName}（${n.workerUnitName}）`,
            },
            { title: t('oversight.honors.reason'), dataIndex: 'reason' },
            {
              title: t('oversight.audits.status'),
              render: (_, n) => <Tag>{t(`oversight.honors.statuses.${n.status}`)}</Tag>,
            },
            {
              title: t('oversight.honors.outcome'),
              render: (_, n) => (n.outcome ? t(`oversight.honors.outcomes.${n.outcome}`) : '—'),
            },
            {
              title: t('common.actions'),
              render: (_, n) => (
                <Space>
                  {(n.status === 'draft' || n.status === 'returned') && (
                    <Button
                      size="small"
                      onClick={() => void act(honorsApi.submit(n.id, n.version))}
                    >
                      {t('oversight.honors.submit')}
                    </Button>
                  )}
                  {n.status === 'approved' && !n.outcome && (
                    <>
                      <Button
                        size="small"
                        onClick={() => void act(honorsApi.outcome(n.id, n.version, 'elected'))}
                      >
                        {t('oversight.honors.outcomes.elected')}
                      </Button>
                      <Button
                        size="small"
                        onClick={() => void act(honorsApi.outcome(n.id, n.version, 'not_elected'))}
                      >
                        {t('oversight.honors.outcomes.not_elected')}
                      </Button>
                    </>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
