// Hire: candidates whose notice has ended are put forward for approval (one or a batch); an
// approver approves or returns; on approval the dossier, contract and grade are created.
import type { ApplicationView, HireView } from '@cwp/contracts';
import { App, Button, DatePicker, Space, Table, Tag, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { recruitmentApi } from '../api';
import { AppStatusTag } from './ApplicationsTab';

export function HireTab(props: {
  planId: number;
  apps: ApplicationView[];
  canManage: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const onError = useRequestError();
  const { can, user } = useAuth();
  const [selected, setSelected] = useState<number[]>([]);
  const [hireDate, setHireDate] = useState<Dayjs | null>(dayjs().add(1, 'day'));
  const [hires, setHires] = useState<HireView[]>([]);
  const today = dayjs().format('YYYY-MM-DD');
  const rows = props.apps.filter(
    (a) => a.noticeEnd !== null && ['candidate', 'hire_pending', 'hired'].includes(a.status),
  );

  const load = useCallback(() => {
    recruitmentApi.hires(props.planId).then(setHires).catch(onError);
  }, [props.planId, onError]);
  useEffect(load, [load, props.apps]);

  const decide = (h: HireView, action: 'approve' | 'return') => {
    const go = (comment?: string) =>
      recruitmentApi
        .decideHire(h.id, action, h.version, comment)
        .then(() => {
          void message.success(t('recruitment.saved'));
          load();
          props.onChanged();
        })
        .catch(onError);
    if (action === 'approve') void go();
    else
      modal.confirm({
        title: t('recruitment.return'),
        content: t('recruitment.returnReason'),
        onOk: () => go(t('recruitment.return')),
      });
  };

  const columns: TableColumnsType<ApplicationView> = [
    { title: t('recruitment.name'), dataIndex: 'name' },
    { title: t('recruitment.post'), dataIndex: 'postTitle' },
    { title: t('recruitment.combinedScore'), dataIndex: 'combinedScore' },
    { title: t('recruitment.noticeEnd'), dataIndex: 'noticeEnd' },
    { title: t('recruitment.status'), render: (_, a) => <AppStatusTag status={a.status} /> },
    {
      title: t('recruitment.worker'),
      render: (_, a) =>
        a.workerId !== null && (
          <Link to={`/workers/${a.workerId}`}>{t('recruitment.openWorker')}</Link>
        ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {props.canManage && (
        <Space wrap>
          <span>{t('recruitment.hireDate')}</span>
          <DatePicker value={hireDate} onChange={setHireDate} />
          <Button
            type="primary"
            disabled={selected.length === 0 || !hireDate}
            data-testid="hire-submit"
            onClick={() =>
              hireDate &&
              void recruitmentApi
                .submitHire(props.planId, {
                  applicationIds: selected,
                  hireDate: hireDate.format('YYYY-MM-DD'),
                })
                .then(() => {
                  setSelected([]);
                  load();
                  props.onChanged();
                })
                .catch(onError)
            }
          >
            {t('recruitment.submitHire')}
          </Button>
        </Space>
      )}
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        rowSelection={
          props.canManage
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys.map(Number)),
                getCheckboxProps: (a) => ({
                  disabled: a.status !== 'candidate' || (a.noticeEnd ?? today) >= today,
                }),
              }
            : undefined
        }
      />
      <strong>{t('recruitment.hires')}</strong>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={hires}
        columns={[
          { title: '#', dataIndex: 'id' },
          { title: t('recruitment.hireDate'), dataIndex: 'hireDate' },
          {
            title: t('recruitment.name'),
            render: (_, h) =>
              h.applicationIds
                .map((id) => props.apps.find((a) => a.id === id)?.name ?? id)
                .join('、'),
          },
          {
            title: t('recruitment.status'),
            render: (_, h) => <Tag>{t(`recruitment.hireStatuses.${h.status}`)}</Tag>,
          },
          {
            title: t('common.actions'),
            render: (_, h) =>
              h.status === 'pending' &&
              can('recruit:approve') &&
              user !== null && (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => decide(h, 'approve')}
                    data-testid={`hire-approve-${h.id}`}
                  >
                    {t('recruitment.approve')}
                  </Button>
                  <Button size="small" onClick={() => decide(h, 'return')}>
                    {t('recruitment.return')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Space>
  );
}
