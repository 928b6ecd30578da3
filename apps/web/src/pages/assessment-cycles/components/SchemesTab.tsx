// Scheme versions (考核方案) visible to the caller, and a form saving a new version for a unit,
// prefilled from the newest version (or the example scheme when there is none).
import type { AssessmentSchemeView } from '@cwp/contracts';
import {
  ASSESSMENT_DIMENSIONS,
  ASSESSMENT_FREQUENCIES,
  ASSESSMENT_RATINGS,
  ASSESSMENT_SCORE_SOURCES,
  EXAMPLE_ASSESSMENT_SCHEME,
  type AssessmentScheme,
} from '@cwp/core';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
} from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { cyclesApi } from '../api';

interface SchemeForm {
  orgUnitId: number;
  name: string;
  effectiveFrom: Dayjs;
  content: AssessmentScheme;
}

function SchemeModal({
  base,
  onClose,
  onDone,
}: {
  base: AssessmentScheme;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [form] = Form.useForm<SchemeForm>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await cyclesApi.createScheme({
        orgUnitId: v.orgUnitId,
        name: v.name,
        effectiveFrom: v.effectiveFrom.format('YYYY-MM-DD'),
        content: v.content,
      });
      onDone();
    } catch (err) {
      onError(err, form);
    } finally {
      setBusy(false);
    }
  };
  const pct = { min: 0, max: 100, style: { width: 100 } };
  return (
    <Modal
      open
      width={760}
      title={t('assessmentCycles.newScheme')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ effectiveFrom: dayjs().startOf('year'), content: base }}
      >
        <Space wrap>
          <Form.Item
            name="orgUnitId"
            label={t('assessmentCycles.unit')}
            rules={[{ required: true }]}
          >
            <OrgUnitTreeSelect style={{ width: 260 }} />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('assessmentCycles.schemeName')}
            rules={[{ required: true }]}
          >
            <Input style={{ width: 240 }} maxLength={100} />
          </Form.Item>
          <Form.Item
            name="effectiveFrom"
            label={t('assessmentCycles.effectiveFrom')}
            rules={[{ required: true }]}
          >
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name={['content', 'frequencies']} label={t('assessmentCycles.frequencies')}>
          <Checkbox.Group
            options={ASSESSMENT_FREQUENCIES.map((f) => ({
              value: f,
              label: t(`assessmentCycles.frequencyLabels.${f}`),
            }))}
          />
        </Form.Item>
        <Divider orientation="left">{t('assessmentCycles.dimensionWeights')}</Divider>
        <Space wrap>
          {ASSESSMENT_DIMENSIONS.map((d) => (
            <Form.Item
              key={d}
              name={['content', 'dimensionWeights', d]}
              label={t(`assessmentCycles.dimensions.${d}`)}
            >
              <InputNumber {...pct} />
            </Form.Item>
          ))}
        </Space>
        <Divider orientation="left">{t('assessmentCycles.sourceWeights')}</Divider>
        <Space wrap>
          {ASSESSMENT_SCORE_SOURCES.map((s) => (
            <Form.Item
              key={s}
              name={['content', 'sourceWeights', s]}
              label={t(`assessmentCycles.sources.${s}`)}
            >
              <InputNumber {...pct} />
            </Form.Item>
          ))}
        </Space>
        <Divider orientation="left">{t('assessmentCycles.thresholds')}</Divider>
        <Space wrap>
          {(['excellent', 'competent', 'basically_competent'] as const).map((r) => (
            <Form.Item
              key={r}
              name={['content', 'thresholds', r]}
              label={t(`assessmentCycles.ratings.${r}`)}
            >
              <InputNumber {...pct} />
            </Form.Item>
          ))}
        </Space>
        <Space wrap>
          <Form.Item
            name={['content', 'vetoes', 'minSatisfactionPct']}
            label={t('assessmentCycles.vetoSatisfaction')}
          >
            <InputNumber {...pct} />
          </Form.Item>
          <Form.Item
            name={['content', 'vetoes', 'maxUnexcusedAbsenceDays']}
            label={t('assessmentCycles.vetoAbsence')}
          >
            <InputNumber min={0} max={366} precision={0} />
          </Form.Item>
          <Form.Item name={['content', 'excellentCapPct']} label={t('assessmentCycles.cap')}>
            <InputNumber {...pct} />
          </Form.Item>
          <Form.Item
            name={['content', 'appealWindowDays']}
            label={t('assessmentCycles.appealWindow')}
          >
            <InputNumber min={1} max={90} precision={0} />
          </Form.Item>
        </Space>
        <Divider orientation="left">{t('assessmentCycles.effects')}</Divider>
        <Form.Item
          name={['content', 'effects', 'promotionRatings']}
          label={t('assessmentCycles.promotionRatings')}
        >
          <Select
            mode="multiple"
            options={ASSESSMENT_RATINGS.map((r) => ({
              value: r,
              label: t(`assessmentCycles.ratings.${r}`),
            }))}
          />
        </Form.Item>
        <Space wrap>
          {ASSESSMENT_RATINGS.map((r) => (
            <Form.Item
              key={r}
              name={['content', 'effects', 'payLevels', r]}
              label={`${t('assessmentCycles.payLevels')} · ${t(`assessmentCycles.ratings.${r}`)}`}
            >
              <Input style={{ width: 100 }} maxLength={20} />
            </Form.Item>
          ))}
        </Space>
        <Space wrap>
          <Form.Item
            name={['content', 'effects', 'incompetentEndsContract']}
            label={t('assessmentCycles.incompetentEnds')}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
          <Form.Item
            name={['content', 'effects', 'basicallyCompetentLimitPerTerm']}
            label={t('assessmentCycles.bcLimit')}
          >
            <InputNumber min={0} max={10} precision={0} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export function SchemesTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [items, setItems] = useState<AssessmentSchemeView[] | null>(null);
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    let cancelled = false;
    cyclesApi
      .schemes()
      .then((d) => {
        if (!cancelled) setItems(d.items);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [reload, onError]);

  const columns: TableColumnsType<AssessmentSchemeView> = [
    { title: t('assessmentCycles.unit'), dataIndex: 'orgUnitName' },
    {
      title: t('assessmentCycles.schemeName'),
      key: 'name',
      render: (_, s) => `${s.name} · v${s.versionNo}`,
    },
    { title: t('assessmentCycles.effectiveFrom'), dataIndex: 'effectiveFrom' },
    {
      title: t('assessmentCycles.cap'),
      key: 'cap',
      render: (_, s) => `${s.content.excellentCapPct}%`,
    },
  ];
  const base = items?.[0]?.content ?? EXAMPLE_ASSESSMENT_SCHEME;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        {can('assessment:manage') && (
          <Button type="primary" onClick={() => setEditing(true)}>
            {t('assessmentCycles.newScheme')}
          </Button>
        )}
        <span>{t('assessmentCycles.schemeHint')}</span>
      </Space>
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={items ?? []}
        loading={!items}
        pagination={false}
        expandable={{
          expandedRowRender: (s) => (
            <Descriptions size="small" column={2}>
              {ASSESSMENT_SCORE_SOURCES.map((src) => (
                <Descriptions.Item key={src} label={t(`assessmentCycles.sources.${src}`)}>
                  {s.content.sourceWeights[src]}%
                </Descriptions.Item>
              ))}
              <Descriptions.Item label={t('assessmentCycles.vetoSatisfaction')}>
                {s.content.vetoes.minSatisfactionPct ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('assessmentCycles.vetoAbsence')}>
                {s.content.vetoes.maxUnexcusedAbsenceDays ?? '—'}
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
      />
      {editing && (
        <SchemeModal
          base={base}
          onClose={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            void message.success(t('assessmentCycles.saved'));
            setReload((n) => n + 1);
          }}
        />
      )}
    </Space>
  );
}
