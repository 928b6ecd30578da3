// One complaint with its history and the handling actions: accept (optionally naming the worker
// it is about), do not accept (a reason), reply (the outcome), close, add a note.
import type { ComplaintView } from '@cwp/contracts';
import {
  App,
  Button,
  Checkbox,
  Descriptions,
  Drawer,
  Input,
  InputNumber,
  Modal,
  Space,
  Tag,
  Timeline,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { complaintsApi } from '../disclosures/api';

type Ask = 'accept' | 'reject' | 'reply' | 'notes' | null;

export function ComplaintDrawer({
  item,
  onClose,
  onChanged,
}: {
  item: ComplaintView | null;
  onClose: () => void;
  onChanged: (v: ComplaintView) => void;
}) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [ask, setAsk] = useState<Ask>(null);
  const [textValue, setTextValue] = useState('');
  const [worker, setWorker] = useState<number | null>(null);
  const [isPublic, setIsPublic] = useState(false);
  if (!item) return null;
  const manage = can('complaint:manage');
  const run = (action: Exclude<Ask, null> | 'close', body: object) =>
    complaintsApi
      .act(item.id, action, { version: item.version, ...body })
      .then((v) => {
        void message.success(t('supervision.done'));
        setAsk(null);
        setTextValue('');
        onChanged(v);
      })
      .catch((err: unknown) => onError(err));
  return (
    <Drawer open width={680} title={`#${item.id} ${item.orgUnitName}`} onClose={onClose}>
      {manage && (
        <Space wrap style={{ marginBottom: 12 }}>
          {item.status === 'submitted' && (
            <>
              <Button type="primary" onClick={() => setAsk('accept')}>
                {t('supervision.accept')}
              </Button>
              <Button onClick={() => setAsk('reject')}>{t('supervision.rejectComplaint')}</Button>
            </>
          )}
          {item.status === 'accepted' && (
            <Button type="primary" onClick={() => setAsk('reply')}>
              {t('supervision.reply')}
            </Button>
          )}
          {item.status === 'replied' && (
            <Button onClick={() => void run('close', {})}>{t('supervision.close')}</Button>
          )}
          {['submitted', 'accepted', 'replied'].includes(item.status) && (
            <Button onClick={() => setAsk('notes')}>{t('supervision.addNote')}</Button>
          )}
        </Space>
      )}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('supervision.status')}>
          <Tag>{t(`supervision.complaintStatuses.${item.status}`)}</Tag>
          {item.overdue && <Tag color="red">{t(`supervision.overdueFlags.${item.overdue}`)}</Tag>}
        </Descriptions.Item>
        <Descriptions.Item label={t('supervision.kind')}>
          {t(`supervision.complaintCategories.${item.category}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('supervision.handler')}>
          {item.handlerUnitName}
        </Descriptions.Item>
        <Descriptions.Item label={t('supervision.codeHint')}>{item.codeHint}</Descriptions.Item>
        <Descriptions.Item label={t('supervision.submittedAt')}>
          {item.createdAt.slice(0, 16).replace('T', ' ')}
        </Descriptions.Item>
        <Descriptions.Item label={t('supervision.acceptDue')}>{item.acceptDue}</Descriptions.Item>
        <Descriptions.Item label={t('supervision.replyDue')}>{item.replyDue}</Descriptions.Item>
        <Descriptions.Item label={t('supervision.name')}>
          {item.anonymous
            ? t('supervision.anonymous')
            : `${item.submitterName ?? ''} ${item.submitterPhone ?? ''}`}
        </Descriptions.Item>
        {(item.subjectName || item.subjectWorkerName) && (
          <Descriptions.Item label={t('supervision.subjectWorker')}>
            {item.subjectWorkerName ?? item.subjectName}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('supervision.text')}>
          <div style={{ whiteSpace: 'pre-wrap' }}>{item.text}</div>
        </Descriptions.Item>
        {item.attachments.length > 0 && (
          <Descriptions.Item label={t('supervision.attachments')}>
            {item.attachments.map((a) => (
              <div key={a.id}>
                <a href={`/api/complaints/${item.id}/attachments/${a.id}`}>{a.fileName}</a>
              </div>
            ))}
          </Descriptions.Item>
        )}
        {item.outcome && (
          <Descriptions.Item label={t('supervision.outcome')}>{item.outcome}</Descriptions.Item>
        )}
        {item.rejectReason && (
          <Descriptions.Item label={t('supervision.reason')}>{item.rejectReason}</Descriptions.Item>
        )}
        {item.rating !== null && (
          <Descriptions.Item label={t('supervision.rating')}>
            {item.rating} {item.ratingComment ?? ''}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Timeline
        style={{ marginTop: 16 }}
        items={item.events.map((e) => ({
          children: `${e.at.slice(0, 16).replace('T', ' ')} ${t(`supervision.complaintEvents.${e.action}`, { defaultValue: e.action })}${e.note ? `：${e.note}` : ''}`,
        }))}
      />
      <Modal
        open={ask !== null}
        title={
          ask
            ? t(
                ask === 'reject'
                  ? 'supervision.rejectComplaint'
                  : ask === 'notes'
                    ? 'supervision.addNote'
                    : `supervision.${ask}`,
              )
            : ''
        }
        onCancel={() => setAsk(null)}
        onOk={() => {
          if (ask === 'accept')
            void run('accept', { note: textValue || null, subjectWorkerId: worker });
          if (ask === 'reject') void run('reject', { reason: textValue });
          if (ask === 'reply') void run('reply', { outcome: textValue });
          if (ask === 'notes') void run('notes', { note: textValue, public: isPublic });
        }}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {ask === 'accept' && (
            <InputNumber
              style={{ width: '100%' }}
              min={1}
              placeholder={t('supervision.subjectWorkerId')}
              value={worker}
              onChange={(v) => setWorker(v)}
            />
          )}
          <Input.TextArea
            rows={4}
            value={textValue}
            onChange={(e) => setTextValue(e.target.value)}
          />
          {ask === 'notes' && (
            <Checkbox checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)}>
              {t('supervision.notePublic')}
            </Checkbox>
          )}
        </Space>
      </Modal>
    </Drawer>
  );
}
