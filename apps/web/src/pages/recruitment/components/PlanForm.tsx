// Create or edit a recruitment plan: terms, conditions (pre-filled from the recruitment rule in
// force, which the server checks the plan against) and posts. Server field errors land on the
// matching inputs.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { inForceResult, type CreatePlanBody, type PlanView } from '@cwp/contracts';
import { AGE_REFERENCE_DATES, TIE_BREAK_RULES } from '@cwp/core';
import { Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { useDictionaries } from '../../../components/useDictionaries';
import { recruitmentApi } from '../api';

interface FormValues {
  title: string;
  orgUnitId: number;
  announcement: string;
  applicationStart: Dayjs;
  applicationEnd: Dayjs;
  examDate?: Dayjs | null;
  ageMin: number;
  ageMax: number;
  ageReference: (typeof AGE_REFERENCE_DATES)[number];
  minEducation: string;
  majors?: string[];
  householdRegistration?: string;
  requiredQualification?: string | null;
  writtenExam: number;
  interview: number;
  tieBreak: (typeof TIE_BREAK_RULES)[number];
  publicNoticeWorkingDays: number;
  posts: { orgUnitId: number; title: string; post: string; category: string; headcount: number }[];
}

const ISO = 'YYYY-MM-DD';

function toBody(v: FormValues): CreatePlanBody {
  return {
    title: v.title,
    orgUnitId: v.orgUnitId,
    announcement: v.announcement,
    applicationStart: v.applicationStart.format(ISO),
    applicationEnd: v.applicationEnd.format(ISO),
    examDate: v.examDate ? v.examDate.format(ISO) : null,
    conditions: {
      ageMin: v.ageMin,
      ageMax: v.ageMax,
      ageReference: v.ageReference,
      minEducation: v.minEducation,
      majors: v.majors && v.majors.length > 0 ? v.majors : null,
      householdRegistration: v.householdRegistration?.trim() || null,
      requiredQualification: v.requiredQualification ?? null,
    },
    weights: { writtenExam: v.writtenExam, interview: v.interview },
    tieBreak: v.tieBreak,
    publicNoticeWorkingDays: v.publicNoticeWorkingDays,
    posts: v.posts,
  };
}

function fromPlan(p: PlanView): Partial<FormValues> {
  return {
    title: p.title,
    orgUnitId: p.orgUnitId,
    announcement: p.announcement,
    applicationStart: dayjs(p.applicationStart),
    applicationEnd: dayjs(p.applicationEnd),
    examDate: p.examDate ? dayjs(p.examDate) : null,
    ageMin: p.conditions.ageMin,
    ageMax: p.conditions.ageMax,
    ageReference: p.conditions.ageReference,
    minEducation: p.conditions.minEducation,
    majors: p.conditions.majors ?? [],
    householdRegistration: p.conditions.householdRegistration ?? '',
    requiredQualification: p.conditions.requiredQualification ?? null,
    writtenExam: p.weights.writtenExam,
    interview: p.weights.interview,
    tieBreak: p.tieBreak,
    publicNoticeWorkingDays: p.publicNoticeWorkingDays,
    posts: p.posts.map((x) => ({
      orgUnitId: x.orgUnitId,
      title: x.title,
      post: x.post,
      category: x.category,
      headcount: x.headcount,
    })),
  };
}

export function PlanForm(props: {
  open: boolean;
  plan: PlanView | null;
  onClose: () => void;
  onSaved: (plan: PlanView) => void;
}) {
  const { open, plan, onClose, onSaved } = props;
  const { t } = useTranslation();
  const onError = useRequestError();
  const dict = useDictionaries(onError);
  const { user } = useAuth();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (plan) {
      form.setFieldsValue(fromPlan(plan));
      return;
    }
    form.setFieldsValue({
      orgUnitId: user?.orgUnit.id,
      applicationStart: dayjs(),
      applicationEnd: dayjs().add(14, 'day'),
      posts: [{ title: '', post: 'staff', category: 'full_time', headcount: 1 }],
    });
    // The rule in force gives the starting values; the server checks the plan against it.
    api
      .get('/api/rule-sets/in-force', inForceResult, { kind: 'recruitment_conditions' })
      .then((r) => {
        const c = r.ruleSet?.content;
        if (!c || typeof c !== 'object') return;
        const v = c as Record<string, unknown>;
        const weights = (v.weights ?? {}) as Record<string, unknown>;
        form.setFieldsValue({
          ageMin: Number(v.ageMin),
          ageMax: Number(v.ageMax),
          ageReference: v.ageReference as FormValues['ageReference'],
          minEducation: String(v.minEducation),
          majors: Array.isArray(v.majors) ? v.majors.map(String) : [],
          householdRegistration:
            typeof v.householdRegistration === 'string' ? v.householdRegistration : '',
          requiredQualification:
            typeof v.requiredQualification === 'string' ? v.requiredQualification : null,
          writtenExam: Number(weights.writtenExam),
          interview: Number(weights.interview),
          tieBreak: v.tieBreak as FormValues['tieBreak'],
          publicNoticeWorkingDays: Number(v.publicNoticeWorkingDays),
        });
      })
      .catch(() => undefined);
  }, [open, plan, form, user]);

  const submit = async (values: FormValues) => {
    setSaving(true);
    try {
      const body = toBody(values);
      const saved = plan
        ? await recruitmentApi.update(
            plan.id,
            (({ orgUnitId: _o, ...rest }) => ({ ...rest, version: plan.version }))(body),
          )
        : await recruitmentApi.create(body);
      onSaved(saved);
    } catch (err) {
      // Server paths use nested names (conditions.ageMax); the form's names are flat.
      onError(remap(err), form);
    } finally {
      setSaving(false);
    }
  };

  const required = [{ required: true, message: t('common.pleaseSelect', { label: '' }) }];
  return (
    <Drawer
      title={plan ? t('recruitment.edit') : t('recruitment.create')}
      open={open}
      onClose={onClose}
      width={760}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={saving}
            onClick={() => form.submit()}
            data-testid="plan-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="title" label={t('recruitment.planTitle')} rules={required}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="orgUnitId"
          label={t('recruitment.orgUnit')}
          extra={t('recruitment.orgUnitHint')}
          rules={required}
        >
          <OrgUnitTreeSelect disabled={!!plan} />
        </Form.Item>
        <Form.Item name="announcement" label={t('recruitment.announcement')} rules={required}>
          <Input.TextArea rows={5} maxLength={5000} />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="applicationStart"
            label={t('recruitment.applicationStart')}
            rules={required}
          >
            <DatePicker />
          </Form.Item>
          <Form.Item name="applicationEnd" label={t('recruitment.applicationEnd')} rules={required}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="examDate" label={t('recruitment.examDate')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="ageMin" label={t('recruitment.ageMin')} rules={required}>
            <InputNumber min={16} max={70} />
          </Form.Item>
          <Form.Item name="ageMax" label={t('recruitment.ageMax')} rules={required}>
            <InputNumber min={16} max={70} />
          </Form.Item>
          <Form.Item name="ageReference" label={t('recruitment.ageReference')} rules={required}>
            <Select
              style={{ width: 160 }}
              options={AGE_REFERENCE_DATES.map((r) => ({
                value: r,
                label: t(`recruitment.ageReferences.${r}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="minEducation" label={t('recruitment.minEducation')} rules={required}>
            <Select style={{ width: 160 }} options={dict.options('education')} />
          </Form.Item>
        </Space>
        <Form.Item
          name="majors"
          label={t('recruitment.majors')}
          extra={t('recruitment.majorsHint')}
        >
          <Select mode="tags" tokenSeparators={[',', '，', '、']} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="householdRegistration" label={t('recruitment.householdRegistration')}>
            <Input style={{ width: 240 }} maxLength={200} />
          </Form.Item>
          <Form.Item name="requiredQualification" label={t('recruitment.requiredQualification')}>
            <Select
              allowClear
              style={{ width: 200 }}
              options={dict.options('social_work_qualification')}
            />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="writtenExam" label={t('recruitment.writtenWeight')} rules={required}>
            <InputNumber min={0} max={1} step={0.1} />
          </Form.Item>
          <Form.Item name="interview" label={t('recruitment.interviewWeight')} rules={required}>
            <InputNumber min={0} max={1} step={0.1} />
          </Form.Item>
          <Form.Item name="tieBreak" label={t('recruitment.tieBreak')} rules={required}>
            <Select
              style={{ width: 200 }}
              options={TIE_BREAK_RULES.map((r) => ({
                value: r,
                label: t(`recruitment.tieBreaks.${r}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="publicNoticeWorkingDays"
            label={t('recruitment.noticeDays')}
            extra={t('recruitment.noticeDaysHint')}
            rules={required}
          >
            <InputNumber min={1} max={30} />
          </Form.Item>
        </Space>
        <Form.List name="posts">
          {(fields, { add, remove }) => (
            <>
              <div style={{ marginBottom: 8, fontWeight: 500 }}>{t('recruitment.posts')}</div>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item
                    name={[field.name, 'orgUnitId']}
                    label={t('recruitment.postUnit')}
                    rules={required}
                  >
                    <OrgUnitTreeSelect selectableLevel="community" style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'title']}
                    label={t('recruitment.postTitle')}
                    rules={required}
                  >
                    <Input style={{ width: 160 }} maxLength={50} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'post']}
                    label={t('recruitment.post')}
                    rules={required}
                  >
                    <Select style={{ width: 110 }} options={dict.options('post')} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'category']}
                    label={t('recruitment.category')}
                    rules={required}
                  >
                    <Select style={{ width: 150 }} options={dict.options('worker_category')} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'headcount']}
                    label={t('recruitment.headcount')}
                    rules={required}
                  >
                    <InputNumber min={1} max={500} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <MinusCircleOutlined
                      style={{ marginTop: 38 }}
                      onClick={() => remove(field.name)}
                    />
                  )}
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ post: 'staff', category: 'full_time', headcount: 1 })}
              >
                {t('recruitment.addPost')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

/** Maps server paths onto this form's flat names (conditions.x → x, weights.x → x). */
function remap(err: unknown): unknown {
  if (typeof err !== 'object' || err === null || !('details' in err) || !Array.isArray(err.details))
    return err;
  for (const d of err.details as { path: string }[]) {
    d.path = d.path
      .replace(/^conditions\./, '')
      .replace(/^weights\.?/, (m) => (m === 'weights' ? 'writtenExam' : ''));
  }
  return err;
}
