// Applications with the automatic eligibility check and its reasons, attachments, and the manual
// review (pass / fail with a reason).
import type { ApplicationStatus, ApplicationView } from '@cwp/contracts';
import { Button, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useDictionaries } from '../../../components/useDictionaries';
import { recruitmentApi } from '../api';
import { NoteModal } from './NoteModal';

const STATUS_COLOR: Partial<Record<ApplicationStatus, string>> = {
  rejected: 'error',
  qualified: 'blue',
  candidate: 'processing',
  removed: 'default',
  hire_pending: 'gold',
  hired: 'success',
};

export function AppStatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{t(`recruitment.appStatuses.${status}`)}</Tag>;
}

export function ApplicationsTab(props: {
  apps: ApplicationView[];
  canManage: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const dict = useDictionaries(onError);
  const [reviewing, setReviewing] = useState<ApplicationView | null>(null);

  const columns: TableColumnsType<ApplicationView> = [
    { title: t('recruitment.name'), dataIndex: 'name' },
    { title: t('recruitment.sex'), dataIndex: 'sex', render: (v: string) => dict.label('sex', v) },
    { title: t('recruitment.idNumber'), dataIndex: 'idNumberMasked' },
    { title: t('recruitment.post'), dataIndex: 'postTitle' },
    {
      title: t('recruitment.education'),
      dataIndex: 'education',
      render: (v: string) => dict.label('education', v),
    },
    { title: t('recruitment.major'), dataIndex: 'major' },
    {
      title: t('recruitment.eligibility'),
      render: (_, r) =>
        r.eligible ? (
          <Tag color="success">{t('recruitment.eligible')}</Tag>
        ) : (
          <Tooltip title={r.eligibilityReasons.join('；')}>
            <Tag color="warning">{t('recruitment.ineligible')}</Tag>
            <div style={{ fontSize: 12, color: '#8c8c8c', maxWidth: 260 }}>
              {r.eligibilityReasons.join('；')}
            </div>
          </Tooltip>
        ),
    },
    {
      title: t('recruitment.status'),
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          <AppStatusTag status={r.status} />
          {r.reviewReason && <span style={{ fontSize: 12 }}>{r.reviewReason}</span>}
        </Space>
      ),
    },
    {
      title: t('recruitment.attachments'),
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          {r.attachments.map((f) => (
            <Button
              key={f.id}
              type="link"
              size="small"
              onClick={() => void recruitmentApi.attachment(r.id, f.id, f.fileName).catch(onError)}
            >
              {f.fileName}
            </Button>
          ))}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      render: (_, r) =>
        props.canManage &&
        ['submitted', 'qualified', 'rejected'].includes(r.status) &&
        r.rank === null && (
          <Button size="small" onClick={() => setReviewing(r)} data-testid={`review-${r.id}`}>
            {t('recruitment.review')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={props.apps}
        pagination={false}
        scroll={{ x: true }}
      />
      <NoteModal
        open={reviewing !== null}
        title={`${t('recruitment.review')}：${reviewing?.name ?? ''}`}
        outcomes={[
          { value: 'pass', label: t('recruitment.pass') },
          { value: 'fail', label: t('recruitment.fail') },
        ]}
        noteRequiredFor={['fail']}
        noteLabel={t('recruitment.reviewReason')}
        onCancel={() => setReviewing(null)}
        onOk={async ({ outcome, note }) => {
          if (!reviewing) return;
          try {
            await recruitmentApi.review(
              reviewing.id,
              reviewing.version,
              outcome === 'fail' ? 'fail' : 'pass',
              note || undefined,
            );
            setReviewing(null);
            props.onChanged();
          } catch (err) {
            onError(err);
          }
        }}
      />
    </>
  );
}
