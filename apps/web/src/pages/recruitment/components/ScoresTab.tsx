// Scores entered on screen or imported from the .xlsx template (any bad row: nothing written,
// the rows listed), then the combined score and the ranking per post with the plan's tie rule.
import type { ApplicationView, RankingView } from '@cwp/contracts';
import { Alert, Button, InputNumber, Space, Table, Upload, type TableColumnsType } from 'antd';
import { App } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { useRequestError } from '../../../api/useRequestError';
import { recruitmentApi } from '../api';
import { AppStatusTag } from './ApplicationsTab';

const SCORABLE = new Set(['qualified', 'candidate', 'not_selected']);

export function ScoresTab(props: {
  planId: number;
  apps: ApplicationView[];
  canManage: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const rows = props.apps.filter((a) => SCORABLE.has(a.status));
  const [edits, setEdits] = useState<Map<number, { w: number | null; i: number | null }>>(
    new Map(),
  );
  const [importErrors, setImportErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => setEdits(new Map()), [props.apps]);

  const valueOf = (a: ApplicationView) =>
    edits.get(a.id) ?? { w: a.writtenScore, i: a.interviewScore };
  const set = (a: ApplicationView, patch: Partial<{ w: number | null; i: number | null }>) =>
    setEdits((m) => new Map(m).set(a.id, { ...valueOf(a), ...patch }));

  const save = async () => {
    setSaving(true);
    try {
      await recruitmentApi.saveScores(
        props.planId,
        rows.map((a) => ({
          applicationId: a.id,
          writtenScore: valueOf(a).w,
          interviewScore: valueOf(a).i,
        })),
      );
      void message.success(t('recruitment.saved'));
      props.onChanged();
    } catch (err) {
      onError(err);
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<ApplicationView> = [
    { title: t('recruitment.code'), dataIndex: 'code' },
    { title: t('recruitment.name'), dataIndex: 'name' },
    { title: t('recruitment.post'), dataIndex: 'postTitle' },
    {
      title: t('recruitment.writtenScore'),
      render: (_, a) => (
        <InputNumber
          min={0}
          max={100}
          precision={2}
          disabled={!props.canManage}
          value={valueOf(a).w}
          onChange={(v) => set(a, { w: v })}
          data-testid={`written-${a.id}`}
        />
      ),
    },
    {
      title: t('recruitment.interviewScore'),
      render: (_, a) => (
        <InputNumber
          min={0}
          max={100}
          precision={2}
          disabled={!props.canManage}
          value={valueOf(a).i}
          onChange={(v) => set(a, { i: v })}
          data-testid={`interview-${a.id}`}
        />
      ),
    },
    { title: t('recruitment.combinedScore'), dataIndex: 'combinedScore' },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {props.canManage && (
        <Space wrap>
          <Button
            type="primary"
            loading={saving}
            onClick={() => void save()}
            data-testid="scores-save"
          >
            {t('recruitment.saveScores')}
          </Button>
          <Button onClick={() => void recruitmentApi.template(props.planId).catch(onError)}>
            {t('recruitment.downloadTemplate')}
          </Button>
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(file) => {
              setImportErrors([]);
              recruitmentApi
                .importScores(props.planId, file)
                .then((r) => {
                  void message.success(t('recruitment.importOk', { count: r.saved }));
                  props.onChanged();
                })
                .catch((err: unknown) => {
                  if (err instanceof ApiError && err.details.length > 0)
                    setImportErrors(err.details.map((d) => `${d.path}：${d.message}`));
                  else onError(err);
                });
              return false;
            }}
          >
            <Button>{t('recruitment.importScores')}</Button>
          </Upload>
        </Space>
      )}
      {importErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          message={importErrors.map((e) => (
            <div key={e}>{e}</div>
          ))}
        />
      )}
      <Table rowKey="id" size="small" columns={columns} dataSource={rows} pagination={false} />
    </Space>
  );
}

export function RankingTab(props: { planId: number; canManage: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [data, setData] = useState<RankingView | null>(null);

  useEffect(() => {
    recruitmentApi.ranking(props.planId).then(setData).catch(onError);
  }, [props.planId, onError]);

  const columns: TableColumnsType<RankingView['posts'][number]['rows'][number]> = [
    { title: t('recruitment.rank'), dataIndex: 'rank' },
    { title: t('recruitment.name'), dataIndex: 'name' },
    { title: t('recruitment.writtenScore'), dataIndex: 'writtenScore' },
    { title: t('recruitment.interviewScore'), dataIndex: 'interviewScore' },
    { title: t('recruitment.combinedScore'), dataIndex: 'combinedScore' },
    { title: t('recruitment.status'), render: (_, r) => <AppStatusTag status={r.status} /> },
    { title: t('recruitment.tieNote'), dataIndex: 'tieNote' },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {props.canManage && (
        <Button
          type="primary"
          data-testid="rank-now"
          onClick={() =>
            void recruitmentApi
              .rank(props.planId)
              .then((r) => {
                setData(r);
                void message.success(t('recruitment.ranked'));
                props.onChanged();
              })
              .catch(onError)
          }
        >
          {t('recruitment.rankNow')}
        </Button>
      )}
      {data?.posts.map((p) => (
        <div key={p.postId}>
          <Space style={{ margin: '8px 0' }}>
            <strong>
              {p.title}（{t('recruitment.headcount')} {p.headcount}）
            </strong>
            {props.canManage && (
              <Button
                size="small"
                onClick={() =>
                  void recruitmentApi
                    .callNext(props.planId, p.postId)
                    .then(() => {
                      props.onChanged();
                      return recruitmentApi.ranking(props.planId).then(setData);
                    })
                    .catch(onError)
                }
              >
                {t('recruitment.callNext')}
              </Button>
            )}
          </Space>
          <Table
            rowKey="applicationId"
            size="small"
            columns={columns}
            dataSource={p.rows}
            pagination={false}
          />
        </div>
      ))}
    </Space>
  );
}
