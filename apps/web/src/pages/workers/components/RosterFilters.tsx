// The roster's filter bar: unit (the caller's subtree only), keyword (name, ID number or phone),
// and the coded fields; more fields fold out. Submitting starts again at page one.
import { DownOutlined, SearchOutlined, UpOutlined } from '@ant-design/icons';
import { WORKER_STATUSES, WORKER_DICTIONARY_FIELDS } from '@cwp/contracts';
import { Button, Col, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OrgUnitTreeSelect } from '../../../components/OrgUnitTreeSelect';
import type { Dictionaries } from '../../../components/useDictionaries';
import type { RosterFilter } from '../api';

type FilterValues = Omit<RosterFilter, 'status'> & { status?: RosterFilter['status'] };

interface Props {
  value: RosterFilter;
  dictionaries: Dictionaries;
  onSearch(filter: RosterFilter): void;
}

const FIELD_COL = { xs: 24, md: 12, xl: 8, xxl: 6 } as const;

const ADVANCED: (keyof RosterFilter)[] = [
  'gradeMin',
  'gradeMax',
  'ageMin',
  'ageMax',
  'education',
  'politicalStatus',
  'qualification',
];

function clean(values: FilterValues): RosterFilter {
  const out: RosterFilter = {};
  for (const [key, v] of Object.entries(values)) {
    if (v === undefined || v === null || v === '') continue;
    Object.assign(out, { [key]: typeof v === 'string' ? v.trim() : v });
  }
  // A range typed the wrong way round still means what the user meant.
  for (const [lo, hi] of [
    ['gradeMin', 'gradeMax'],
    ['ageMin', 'ageMax'],
  ] as const) {
    const a = out[lo];
    const b = out[hi];
    if (a !== undefined && b !== undefined && a > b) {
      out[lo] = b;
      out[hi] = a;
    }
  }
  return out;
}

export function RosterFilters({ value, dictionaries, onSearch }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FilterValues>();
  const [expanded, setExpanded] = useState(() => ADVANCED.some((k) => value[k] !== undefined));

  // The address bar is the source of truth: back/forward or a link updates the form.
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(value);
  }, [form, value]);

  const folded = expanded ? undefined : { display: 'none' };

  const dictSelect = (field: keyof typeof WORKER_DICTIONARY_FIELDS, label: string) => (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      placeholder={t('workers.filter.any', { label })}
      options={dictionaries.options(WORKER_DICTIONARY_FIELDS[field])}
    />
  );

  const range = (
    lo: 'gradeMin' | 'ageMin',
    hi: 'gradeMax' | 'ageMax',
    max: number,
    label: string,
  ) => (
    <Space.Compact block>
      <Form.Item name={lo} noStyle>
        <InputNumber
          min={0}
          max={max}
          precision={0}
          style={{ width: '50%' }}
          placeholder={t('workers.filter.min')}
          aria-label={`${label} ${t('workers.filter.min')}`}
        />
      </Form.Item>
      <Form.Item name={hi} noStyle>
        <InputNumber
          min={0}
          max={max}
          precision={0}
          style={{ width: '50%' }}
          placeholder={t('workers.filter.max')}
          aria-label={`${label} ${t('workers.filter.max')}`}
        />
      </Form.Item>
    </Space.Compact>
  );

  return (
    <Form<FilterValues>
      form={form}
      className="cwp-filter-bar"
      labelCol={{ flex: '84px' }}
      wrapperCol={{ flex: '1 1 0' }}
      labelWrap
      onFinish={(values) => onSearch(clean(values))}
      data-testid="roster-filters"
    >
      <Row gutter={[16, 0]}>
        <Col {...FIELD_COL}>
          <Form.Item name="orgUnitId" label={t('workers.field.orgUnit')}>
            <OrgUnitTreeSelect
              allowClear
              style={{ width: '100%' }}
              placeholder={t('workers.filter.orgUnitPlaceholder')}
            />
          </Form.Item>
        </Col>
        <Col {...FIELD_COL}>
          <Form.Item name="q" label={t('workers.filter.q')}>
            <Input
              allowClear
              maxLength={50}
              placeholder={t('workers.filter.qPlaceholder')}
              data-testid="roster-search"
            />
          </Form.Item>
        </Col>
        <Col {...FIELD_COL}>
          <Form.Item name="category" label={t('workers.field.category')}>
            {dictSelect('category', t('workers.field.category'))}
          </Form.Item>
        </Col>
        <Col {...FIELD_COL}>
          <Form.Item name="post" label={t('workers.field.post')}>
            {dictSelect('post', t('workers.field.post'))}
          </Form.Item>
        </Col>
        <Col {...FIELD_COL}>
          <Form.Item name="status" label={t('workers.field.status')}>
            <Select
              allowClear
              placeholder={t('workers.filter.any', { label: t('workers.field.status') })}
              options={WORKER_STATUSES.map((s) => ({
                value: s,
                label: t(`workers.statusLabels.${s}`),
              }))}
            />
          </Form.Item>
        </Col>
        {/* Folded fields stay mounted, so their values still apply while hidden. */}
        <Col {...FIELD_COL} style={folded}>
          <Form.Item label={t('workers.field.grade')}>
            {range('gradeMin', 'gradeMax', 30, t('workers.field.grade'))}
          </Form.Item>
        </Col>
        <Col {...FIELD_COL} style={folded}>
          <Form.Item label={t('workers.field.age')}>
            {range('ageMin', 'ageMax', 120, t('workers.field.age'))}
          </Form.Item>
        </Col>
        <Col {...FIELD_COL} style={folded}>
          <Form.Item name="education" label={t('workers.field.education')}>
            {dictSelect('educationFullTime', t('workers.field.education'))}
          </Form.Item>
        </Col>
        <Col {...FIELD_COL} style={folded}>
          <Form.Item name="politicalStatus" label={t('workers.field.politicalStatus')}>
            {dictSelect('politicalStatus', t('workers.field.politicalStatus'))}
          </Form.Item>
        </Col>
        <Col {...FIELD_COL} style={folded}>
          <Form.Item name="qualification" label={t('workers.filter.qualification')}>
            {dictSelect('qualification', t('workers.filter.qualification'))}
          </Form.Item>
        </Col>
        <Col flex="auto" className="cwp-filter-actions">
          <Space>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SearchOutlined />}
              data-testid="roster-query"
            >
              {t('common.query')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                onSearch({});
              }}
            >
              {t('common.reset')}
            </Button>
            <Button type="link" onClick={() => setExpanded((v) => !v)}>
              {expanded ? t('workers.filter.collapse') : t('workers.filter.expand')}
              {expanded ? <UpOutlined /> : <DownOutlined />}
            </Button>
          </Space>
        </Col>
      </Row>
    </Form>
  );
}
