// Every dossier field, for the create page and the edit drawer. Coded fields pick from the live
// dictionaries; each field is checked with its contract schema as the user goes, and the whole
// body again on submit (see form-values.ts), so the messages are the server's own.
import { parseIdNumber } from '@cwp/core';
import {
  createWorkerBody,
  WORKER_DICTIONARY_FIELDS,
  WORKER_STATUSES,
  type WorkerDetail,
} from '@cwp/contracts';
import {
  Col,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Typography,
  type FormInstance,
  type FormRule,
} from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import { DATE_FORMAT, fromDay, trackedChanged, type WorkerFormValues } from '../form-values';
import type { DictField, WorkerLabels } from './labels';

type Field = keyof typeof createWorkerBody.shape;

/** Checks a value with the field's own contract schema, fed the value the body will carry. */
function contractCheck(field: Field, skipEmpty = false) {
  return async (raw: unknown) => {
    let value: unknown = raw;
    if (typeof raw === 'string') value = raw.trim() === '' ? undefined : raw.trim();
    if (dayjs.isDayjs(raw)) value = fromDay(raw);
    if (value === null) value = undefined;
    if (value === undefined && skipEmpty) return;
    const r = createWorkerBody.shape[field].safeParse(value);
    if (!r.success) throw new Error(r.error.issues[0]?.message ?? 'invalid');
  };
}

function contractRule(field: Field, skipEmpty = false): FormRule {
  const check = contractCheck(field, skipEmpty);
  return { validator: (_rule, raw: unknown) => check(raw) };
}

const complete = (raw: unknown) => typeof raw === 'string' && raw.trim().length >= 18;

/**
 * The ID number: a complete one (18 characters) is checked as it is typed, so a wrong check
 * character shows at once; a shorter one only when the field is left or the form submitted.
 * The two rules cover disjoint cases, so a message never shows twice.
 */
function idNumberRules(editing: boolean): FormRule[] {
  const onLeave = contractCheck('idNumber', editing);
  return [
    {
      validateTrigger: 'onBlur',
      validator: async (_rule, raw: unknown) => {
        if (complete(raw)) return;
        await onLeave(raw);
      },
    },
    {
      validateTrigger: 'onChange',
      validator: async (_rule, raw: unknown) => {
        if (!complete(raw) || typeof raw !== 'string') return;
        const r = parseIdNumber(raw);
        if (!r.ok) throw new Error(r.message);
      },
    },
  ];
}

interface Props {
  form: FormInstance<WorkerFormValues>;
  labels: WorkerLabels;
  /** Present when editing. */
  worker?: WorkerDetail;
  /** Fields per row: 2 in the drawer, 3 on the page. */
  columns?: 2 | 3;
  initialValues: WorkerFormValues;
  onFinish(values: WorkerFormValues): void;
}

export function WorkerForm({ form, labels, worker, columns = 3, initialValues, onFinish }: Props) {
  const { t } = useTranslation();
  const editing = worker !== undefined;
  const span = columns === 3 ? 8 : 12;
  const idNumber = Form.useWatch('idNumber', form);
  const status = Form.useWatch('status', form);
  const qualification = Form.useWatch('qualification', form);
  const values = Form.useWatch([], form);
  const parsed = typeof idNumber === 'string' && idNumber.trim() ? parseIdNumber(idNumber) : null;
  const showEffective = editing && values !== undefined && trackedChanged(values, worker);

  const dictSelect = (field: DictField) => (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder={t('common.pleaseSelect', { label: '' })}
      options={labels.dictionaries.options(WORKER_DICTIONARY_FIELDS[field])}
    />
  );
  const date = (disabledFuture = true) => (
    <DatePicker
      style={{ width: '100%' }}
      format={DATE_FORMAT}
      disabledDate={disabledFuture ? (d) => d.isAfter(new Date()) : undefined}
    />
  );
  const item = (
    name: Field,
    label: string,
    input: ReactNode,
    opts: { required?: boolean; extra?: ReactNode; rules?: FormRule[]; full?: boolean } = {},
  ) => (
    <Col span={opts.full ? 24 : span} key={name}>
      <Form.Item
        name={name}
        label={label}
        required={opts.required}
        extra={opts.extra}
        validateTrigger={['onChange', 'onBlur']}
        rules={opts.rules ?? [contractRule(name)]}
      >
        {input}
      </Form.Item>
    </Col>
  );
  const section = (title: string) => (
    <Divider orientation="left" orientationMargin={0} className="cwp-form-section">
      {title}
    </Divider>
  );

  const derived = parsed?.ok ? (
    <Typography.Text type="success" data-testid="id-derived">
      {t('workers.form.derived', {
        birthDate: parsed.birthDate,
        sex: parsed.sex === 'male' ? t('workers.sexLabels.male') : t('workers.sexLabels.female'),
      })}
    </Typography.Text>
  ) : editing ? (
    t('workers.form.keepHint', { value: worker.idNumberMasked })
  ) : (
    t('workers.form.idNumberHint')
  );

  return (
    <Form<WorkerFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={onFinish}
      scrollToFirstError
      data-testid="worker-form"
    >
      {section(t('workers.tabs.basic'))}
      <Row gutter={16}>
        {item('name', t('workers.field.name'), <Input maxLength={50} />, { required: true })}
        {item(
          'idNumber',
          t('workers.field.idNumber'),
          <Input
            maxLength={18}
            className="cwp-mono"
            placeholder={editing ? worker.idNumberMasked : undefined}
            autoComplete="off"
          />,
          {
            required: !editing,
            extra: derived,
            rules: idNumberRules(editing),
          },
        )}
        {item('ethnicity', t('workers.field.ethnicity'), dictSelect('ethnicity'), {
          required: true,
        })}
        {item(
          'politicalStatus',
          t('workers.field.politicalStatus'),
          dictSelect('politicalStatus'),
          {
            required: true,
          },
        )}
        {item('partyJoinDate', t('workers.field.partyJoinDate'), date())}
        {item('maritalStatus', t('workers.field.maritalStatus'), dictSelect('maritalStatus'))}
        {item('nativePlace', t('workers.field.nativePlace'), <Input maxLength={100} />)}
        {item(
          'phone',
          t('workers.field.phone'),
          <Input
            maxLength={20}
            className="cwp-mono"
            placeholder={editing ? worker.phoneMasked : undefined}
            autoComplete="off"
          />,
          {
            required: !editing,
            extra: editing ? t('workers.form.keepHint', { value: worker.phoneMasked }) : undefined,
            rules: [{ ...contractRule('phone', editing), validateTrigger: 'onBlur' }],
          },
        )}
        {item('address', t('workers.field.address'), <Input maxLength={200} />)}
      </Row>

      {section(t('workers.section.education'))}
      <Row gutter={16}>
        {item(
          'educationFullTime',
          t('workers.field.educationFullTime'),
          dictSelect('educationFullTime'),
        )}
        {item(
          'educationInService',
          t('workers.field.educationInService'),
          dictSelect('educationInService'),
        )}
        {item('degree', t('workers.field.degree'), dictSelect('degree'))}
        {item('school', t('workers.field.school'), <Input maxLength={100} />)}
        {item('major', t('workers.field.major'), <Input maxLength={100} />)}
      </Row>

      {section(t('workers.tabs.employment'))}
      <Row gutter={16}>
        {!editing &&
          item('orgUnitId', t('workers.field.orgUnit'), <OrgUnitTreeSelect />, {
            required: true,
            extra: t('workers.form.orgUnitHint'),
          })}
        {item('category', t('workers.field.category'), dictSelect('category'), { required: true })}
        {item('post', t('workers.field.post'), dictSelect('post'), { required: true })}
        {item(
          'grade',
          t('workers.field.grade'),
          <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} />,
        )}
        {item(
          'status',
          t('workers.field.status'),
          <Select
            options={WORKER_STATUSES.map((s) => ({
              value: s,
              label: t(`workers.statusLabels.${s}`),
            }))}
          />,
          { required: true },
        )}
        {item('workStartDate', t('workers.field.workStartDate'), date(), { required: true })}
        {item('hireDate', t('workers.field.hireDate'), date(), { required: true })}
        {item('probationEnd', t('workers.field.probationEnd'), date(false), {
          required: status === 'probation',
        })}
        {showEffective && (
          <Col span={span}>
            <Form.Item
              name="effectiveDate"
              label={t('workers.field.effectiveDate')}
              extra={t('workers.form.effectiveHint')}
            >
              {date(false)}
            </Form.Item>
          </Col>
        )}
      </Row>

      {section(t('workers.section.qualification'))}
      <Row gutter={16}>
        {item('qualification', t('workers.field.qualification'), dictSelect('qualification'))}
        {item('certNumber', t('workers.field.certNumber'), <Input maxLength={50} />, {
          required: !!qualification,
        })}
        {item('certDate', t('workers.field.certDate'), date())}
      </Row>
    </Form>
  );
}
