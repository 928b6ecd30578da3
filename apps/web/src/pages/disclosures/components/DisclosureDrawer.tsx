// One disclosure version with the actions its status and the user's permissions allow: edit,
// submit, publish (a reason when off schedule), return, withdraw (a reason), draft a correction.
import type { DisclosureView } from '@cwp/contracts';
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { disclosuresApi, yuan } from '../api';
import { DisclosureForm, toBody, type DisclosureFormValues } from './DisclosureForm';

type Ask = 'publish' | 'reject' | 'withdraw' | 'edit' | 'correct' | null;

export function DisclosureDrawer({
  item,
  onClose,
  onChanged,
}: {
  item: DisclosureView | null;
  onClose: () => void;
  onChanged: (v: DisclosureView) => void;
}) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [ask, setAsk] = useState<Ask>(null);
  const [reason, setReason] = useState('');
  const [form] = Form.useForm<DisclosureFormValues>();
  const [busy, setBusy] = useState(false);
  if (!item) return null;
  const run = (p: Promise<DisclosureView>, f?: typeof form) => {
    setBusy(true);
    p.then((v) => {
      void message.success(t('supervision.done'));
      setAsk(null);
      setReason('');
      onChanged(v);
    })
      .catch((err: unknown) => onError(err, f))
      .finally(() => setBusy(false));
  };
  const openForm = (mode: 'edit' | 'correct') => {
    form.setFieldsValue({
      kind: item.kind,
      title: item.title,
      body: item.body,
      periodKey: item.periodKey ?? undefined,
      eventDate: item.eventDate ? dayjs(item.eventDate) : null,
      correctionNote: '',
      ...(item.finance
        ? {
            finance: {
              rows: item.finance.rows.map((r) => ({ ...r, amount: r.amount / 100 })),
              totalIncome: item.finance.totalIncome / 100,
              totalSpending: item.finance.totalSpending / 100,
              balance: item.finance.balance / 100,
            },
          }
        : {}),
    });
    setAsk(mode);
  };
  const editable = item.status === 'draft' || item.status === 'rejected';
  return (
    <Drawer open width={720} title={item.title} onClose={onClose} data-testid="disclosure-drawer">
      <Space wrap style={{ marginBottom: 12 }}>
        {editable && can('disclosure:manage') && (
          <>
            <Button onClick={() => openForm('edit')}>{t('supervision.edit')}</Button>
            <Button
              type="primary"
              data-testid="disclosure-submit"
              loading={busy}
              onClick={() => run(disclosuresApi.submit(item.id, item.version))}
            >
              {t('supervision.submit')}
            </Button>
          </>
        )}
        {item.status === 'pending' && can('disclosure:approve') && (
          <>
            <Button
              type="primary"
              data-testid="disclosure-publish"
              onClick={() => setAsk('publish')}
            >
              {t('supervision.publish')}
            </Button>
            <Button onClick={() => setAsk('reject')}>{t('supervision.reject')}</Button>
          </>
        )}
        {item.status === 'published' && can('disclosure:manage') && (
          <Button onClick={() => openForm('correct')}>{t('supervision.correct')}</Button>
        )}
        {item.status === 'published' && can('disclosure:approve') && (
          <Button danger onClick={() => setAsk('withdraw')}>
            {t('supervision.withdraw')}
          </Button>
        )}
        <a
          href={`/public/communities/${item.orgUnitId}/disclosures`}
          target="_blank"
          rel="noreferrer"
        >
          {t('supervision.publicLink')}
        </a>
      </Space>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('supervision.community')}>{item.orgUnitName}</Descriptions.Item>
        <Descriptions.Item label={t('supervision.kind')}>
          {t(`supervision.kinds.${item.kind}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('supervision.status')}>
          <Tag data-testid="disclosure-status">{t(`supervision.statuses.${item.status}`)}</Tag>
          {item.overdue && <Tag color="red">{t('supervision.overdue')}</Tag>}
          {t('supervision.revision', { n: item.revision })}
        </Descriptions.Item>
        {item.periodKey && (
          <Descriptions.Item label={t('supervision.period')}>{item.periodKey}</Descriptions.Item>
        )}
        {item.eventDate && (
          <Descriptions.Item label={t('supervision.eventDate')}>{item.eventDate}</Descriptions.Item>
        )}
        {item.dueDate && (
          <Descriptions.Item label={t('supervision.dueDate')}>{item.dueDate}</Descriptions.Item>
        )}
        {item.correctsId && (
          <Descriptions.Item label={t('supervision.correctionNote')}>
            {t('supervision.correctionOf', { id: item.correctsId })}：{item.correctionNote}
          </Descriptions.Item>
        )}
        {item.correctedById && (
          <Descriptions.Item label={t('supervision.statuses.superseded')}>
            {t('supervision.correctedBy', { id: item.correctedById })}
          </Descriptions.Item>
        )}
        {item.offScheduleReason && (
          <Descriptions.Item label={t('supervision.offScheduleReason')}>
            {item.offScheduleReason}
          </Descriptions.Item>
        )}
        {item.rejectReason && (
          <Descriptions.Item label={t('supervision.rejectReason')}>
            {item.rejectReason}
          </Descriptions.Item>
        )}
        {item.withdrawReason && (
          <Descriptions.Item label={t('supervision.withdrawReason')}>
            {item.withdrawReason}
          </Descriptions.Item>
        )}
      </Descriptions>
      {item.body && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12 }}>
          {item.body}
        </Typography.Paragraph>
      )}
      {item.finance && (
        <Table
          size="small"
          style={{ marginTop: 12 }}
          pagination={false}
          rowKey={(r) => `${r.direction}:${r.category}`}
          dataSource={item.finance.rows}
          columns={[
            { title: t('supervision.category'), dataIndex: 'category' },
            {
              title: t('supervision.direction'),
              dataIndex: 'direction',
              render: (d: 'income' | 'spending') => t(`supervision.${d}`),
            },
            {
              title: t('supervision.amount'),
              dataIndex: 'amount',
              align: 'right',
              render: (v: number) => yuan(v),
            },
          ]}
          footer={() =>
            `${t('supervision.totalIncome')} ${yuan(item.finance?.totalIncome ?? 0)} · ${t('supervision.totalSpending')} ${yuan(item.finance?.totalSpending ?? 0)} · ${t('supervision.balance')} ${yuan(item.finance?.balance ?? 0)}`
          }
        />
      )}
      <Modal
        open={ask === 'publish' || ask === 'reject' || ask === 'withdraw'}
        title={ask ? t(`supervision.${ask}`) : ''}
        confirmLoading={busy}
        onCancel={() => setAsk(null)}
        okButtonProps={{ id: 'disclosure-confirm' }}
        onOk={() => {
          if (ask === 'publish')
            run(disclosuresApi.publish(item.id, item.version, reason.trim() || undefined));
          if (ask === 'reject') run(disclosuresApi.reject(item.id, item.version, reason));
          if (ask === 'withdraw') run(disclosuresApi.withdraw(item.id, item.version, reason));
        }}
      >
        <Typography.Paragraph type="secondary">
          {ask === 'publish' ? t('supervision.offScheduleHint') : t('supervision.reason')}
        </Typography.Paragraph>
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
      <Modal
        open={ask === 'edit' || ask === 'correct'}
        width={760}
        title={ask === 'correct' ? t('supervision.correct') : t('supervision.edit')}
        confirmLoading={busy}
        onCancel={() => setAsk(null)}
        onOk={() => {
          void form.validateFields().then((v) => {
            const body = { ...toBody({ ...v, kind: item.kind }), version: item.version };
            run(
              ask === 'correct'
                ? disclosuresApi.correct(item.id, {
                    ...body,
                    correctionNote: v.correctionNote ?? '',
                  })
                : disclosuresApi.update(item.id, body),
              form,
            );
          });
        }}
      >
        <Form form={form} layout="vertical">
          <DisclosureForm form={form} mode={ask === 'correct' ? 'correct' : 'edit'} />
        </Form>
      </Modal>
    </Drawer>
  );
}
