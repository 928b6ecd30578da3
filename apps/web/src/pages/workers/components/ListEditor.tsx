// A dossier list (work history, family members) shown as a table and, for those allowed, edited
// in place and saved as a whole under the dossier's version. Rows are checked with the contract's
// replace-body schema first; its messages land on the cells (paths such as items.2.employer).
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { WorkerDetail } from '@cwp/contracts';
import {
  Button,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  type FormInstance,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { applyFieldErrors } from '../../../api/form-errors';
import type { Dictionaries } from '../../../components/useDictionaries';
import { DATE_FORMAT, fromDay, issuesToDetails, toDay } from '../form-values';

export interface ListColumn {
  name: string;
  title: string;
  kind: 'text' | 'date' | 'dict';
  dict?: string;
  required?: boolean;
  max?: number;
  width?: number;
}

type Row = Record<string, string | null | undefined>;
type EditRow = Record<string, Dayjs | string | null | undefined>;

interface Props<S extends z.ZodType> {
  items: Row[];
  columns: ListColumn[];
  editable: boolean;
  version: number;
  dictionaries: Dictionaries;
  /** The PUT body schema ({version, items}); what it parses is what is sent. */
  schema: S;
  save(body: z.output<S>): Promise<WorkerDetail>;
  onSaved(worker: WorkerDetail): void;
  onError(err: unknown, form?: FormInstance): void;
  emptyText: string;
  testId: string;
}

function toEditRow(row: Row, columns: ListColumn[]): EditRow {
  const out: EditRow = {};
  for (const c of columns) out[c.name] = c.kind === 'date' ? toDay(row[c.name]) : row[c.name];
  return out;
}

function toBodyRow(row: EditRow, columns: ListColumn[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const v = row[c.name];
    if (c.kind === 'date') out[c.name] = dayjs.isDayjs(v) ? fromDay(v) : null;
    else if (typeof v === 'string' && v.trim() !== '') out[c.name] = v.trim();
    else out[c.name] = c.required ? '' : null;
  }
  return out;
}

export function ListEditor<S extends z.ZodType>(props: Props<S>) {
  const { items, columns, editable, version, dictionaries, schema, emptyText, testId } = props;
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);

  const display = (c: ListColumn, v: string | null | undefined) => {
    if (!v) return t('common.none');
    return c.kind === 'dict' && c.dict ? dictionaries.label(c.dict, v) : v;
  };

  const startEdit = () => {
    form.setFieldsValue({ items: items.map((r) => toEditRow(r, columns)) });
    setEditing(true);
  };

  const submit = async () => {
    const rows: EditRow[] = form.getFieldValue('items') ?? [];
    const body = { version, items: rows.map((r) => toBodyRow(r, columns)) };
    const checked = schema.safeParse(body);
    // Clear old cell errors before showing the new ones.
    form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] })));
    if (!checked.success) {
      applyFieldErrors(form, issuesToDetails(checked.error));
      return;
    }
    setSaving(true);
    try {
      const saved = await props.save(checked.data);
      setEditing(false);
      props.onSaved(saved);
    } catch (err) {
      props.onError(err, form);
    } finally {
      setSaving(false);
    }
  };

  if (!editing) {
    const viewColumns: TableColumnsType<Row> = columns.map((c) => ({
      key: c.name,
      title: c.title,
      dataIndex: c.name,
      width: c.width,
      render: (v: string | null | undefined) => display(c, v),
    }));
    return (
      <div data-testid={testId}>
        {editable && (
          <div className="cwp-tab-actions">
            <Button icon={<EditOutlined />} onClick={startEdit} data-testid={`${testId}-edit`}>
              {t('common.edit')}
            </Button>
          </div>
        )}
        <Table<Row>
          rowKey={(_r, i) => String(i)}
          size="small"
          bordered
          pagination={false}
          columns={viewColumns}
          dataSource={items}
          locale={{ emptyText }}
        />
      </div>
    );
  }

  const cell = (c: ListColumn) => {
    if (c.kind === 'date') return <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />;
    if (c.kind === 'dict' && c.dict)
      return (
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          options={dictionaries.options(c.dict)}
          style={{ width: '100%' }}
        />
      );
    return <Input maxLength={c.max} />;
  };

  return (
    <Form form={form} component={false}>
      <Form.List name="items">
        {(fields, { add, remove }) => {
          const editColumns: TableColumnsType<(typeof fields)[number]> = [
            ...columns.map((c) => ({
              key: c.name,
              title: c.required ? <span className="cwp-required-col">{c.title}</span> : c.title,
              width: c.width,
              render: (_: unknown, field: (typeof fields)[number]) => (
                <Form.Item name={[field.name, c.name]} style={{ margin: 0 }}>
                  {cell(c)}
                </Form.Item>
              ),
            })),
            {
              key: 'remove',
              width: 56,
              render: (_: unknown, field: (typeof fields)[number]) => (
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('workers.list.remove')}
                  onClick={() => remove(field.name)}
                />
              ),
            },
          ];
          return (
            <div data-testid={testId}>
              <div className="cwp-tab-actions">
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => add({})}>
                    {t('workers.list.add')}
                  </Button>
                  <Button onClick={() => setEditing(false)} disabled={saving}>
                    {t('common.cancel')}
                  </Button>
                  <Button
                    type="primary"
                    loading={saving}
                    onClick={() => void submit()}
                    data-testid={`${testId}-save`}
                  >
                    {t('common.save')}
                  </Button>
                </Space>
              </div>
              <Table
                rowKey="key"
                size="small"
                bordered
                pagination={false}
                columns={editColumns}
                dataSource={fields}
                locale={{ emptyText }}
              />
            </div>
          );
        }}
      </Form.List>
    </Form>
  );
}
