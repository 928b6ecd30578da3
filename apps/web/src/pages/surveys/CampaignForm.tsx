// The campaign form (new or draft): community, cycle, dates, questions, the workers rated and the
// minimum sample rules. The workers offered are those in post in the chosen community.
import {
  SURVEY_PERIODS,
  workerPage,
  type CreateSurveyCampaignBody,
  type SurveyCampaignView,
} from '@cwp/contracts';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useRequestError } from '../../api/useRequestError';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { surveysApi } from './api';

interface Values extends Omit<CreateSurveyCampaignBody, 'opensOn' | 'closesOn'> {
  dates: [Dayjs, Dayjs];
}

export function usePeriodLabel() {
  const { t } = useTranslation();
  return (p: string) =>
    p === 'annual'
      ? t('surveys.periods.annual')
      : p.startsWith('q')
        ? t('surveys.periods.quarter', { n: p.slice(1) })
        : t('surveys.periods.month', { n: Number(p.slice(1)) });
}

export function CampaignForm(props: {
  campaign?: SurveyCampaignView | null;
  onClose: () => void;
  onSaved: (c: SurveyCampaignView) => void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const periodLabel = usePeriodLabel();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const orgUnitId = Form.useWatch('orgUnitId', form);
  const [workers, setWorkers] = useState<{ value: number; label: string }[]>([]);
  const c = props.campaign;

  useEffect(() => {
    if (!orgUnitId) return;
    const ctl = new AbortController();
    api
      .get(
        '/api/workers',
        workerPage,
        { orgUnitId, pageSize: 100, sort: 'name', status: 'active' },
        ctl.signal,
      )
      .then((p) =>
        setWorkers(p.items.map((w) => ({ value: w.id, label: `${w.name}（${w.post}）` }))),
      )
      .catch((err: unknown) => onError(err));
    return () => ctl.abort();
  }, [orgUnitId, onError]);

  const initial: Partial<Values> = c
    ? {
        orgUnitId: c.orgUnitId,
        title: c.title,
        year: c.year,
        period: c.period as Values['period'],
        dates: [dayjs(c.opensOn), dayjs(c.closesOn)],
        questions: c.questions,
        scaleMax: c.scaleMax,
        satisfiedMin: c.satisfiedMin,
        minRespondents: c.minRespondents,
        minOrdinaryPct: c.minOrdinaryPct,
        workerIds: c.workers.map((w) => w.workerId),
      }
    : {
        year: new Date().getFullYear(),
        period: 'annual',
        scaleMax: 5,
        satisfiedMin: 4,
        minRespondents: 50,
        minOrdinaryPct: 70,
        workerIds: [],
        questions: (
          ['team_service', 'team_result', 'worker_attitude', 'worker_ability'] as const
        ).map((key) => ({
          key,
          text: t(`surveys.defaultQuestions.${key}`),
          target: key.startsWith('team') ? 'team' : 'worker',
        })),
      };

  const save = (v: Values) => {
    const body = {
      ...v,
      opensOn: v.dates[0].format('YYYY-MM-DD'),
      closesOn: v.dates[1].format('YYYY-MM-DD'),
      workerIds: v.workerIds ?? [],
    };
    const { dates: _dates, ...rest } = body;
    void _dates;
    setSaving(true);
    const call = c
      ? surveysApi.update(c.id, { ...rest, version: c.version })
      : surveysApi.create(rest);
    call
      .then(props.onSaved)
      .catch((err: unknown) => onError(err, form))
      .finally(() => setSaving(false));
  };

  return (
    <Modal
      open
      width={760}
      title={c ? t('surveys.edit') : t('surveys.create')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, 'data-testid': 'survey-save' } as never}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save}>
        <Form.Item name="orgUnitId" label={t('surveys.community')} rules={[{ required: true }]}>
          <OrgUnitTreeSelect selectableLevel="community" disabled={!!c} />
        </Form.Item>
        <Form.Item name="title" label={t('surveys.campaignTitle')} rules={[{ required: true }]}>
          <Input maxLength={100} data-testid="survey-title" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="year" label={t('surveys.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="period" label={t('surveys.period')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              options={SURVEY_PERIODS.map((p) => ({ value: p, label: periodLabel(p) }))}
            />
          </Form.Item>
          <Form.Item
            name="dates"
            label={`${t('surveys.opensOn')} – ${t('surveys.closesOn')}`}
            rules={[{ required: true }]}
          >
            <DatePicker.RangePicker />
          </Form.Item>
        </Space>
        <Form.Item name="workerIds" label={t('surveys.workers')} extra={t('surveys.workersHint')}>
          <Select mode="multiple" options={workers} optionFilterProp="label" />
        </Form.Item>
        <Typography.Title level={5}>{t('surveys.questions')}</Typography.Title>
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'key']} rules={[{ required: true }]}>
                    <Input placeholder={t('surveys.questionKey')} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'text']} rules={[{ required: true }]}>
                    <Input placeholder={t('surveys.questionText')} style={{ width: 300 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'target']} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 150 }}
                      options={(['team', 'worker'] as const).map((x) => ({
                        value: x,
                        label: t(`surveys.targets.${x}`),
                      }))}
                    />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ key: `q${fields.length + 1}`, text: '', target: 'team' })}
              >
                {t('surveys.addQuestion')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('surveys.sampleRules')}
        </Typography.Title>
        <Space wrap>
          <Form.Item name="scaleMax" label={t('surveys.scaleMax')} rules={[{ required: true }]}>
            <InputNumber min={3} max={10} />
          </Form.Item>
          <Form.Item
            name="satisfiedMin"
            label={t('surveys.satisfiedMin')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={10} />
          </Form.Item>
          <Form.Item
            name="minRespondents"
            label={t('surveys.minRespondents')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={100000} />
          </Form.Item>
          <Form.Item
            name="minOrdinaryPct"
            label={t('surveys.minOrdinaryPct')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} max={100} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
