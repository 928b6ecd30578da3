// The cycle's source data tab: each worker's unexcused absence and resident satisfaction as the
// cycle reads them now, with their source (attendance summary, survey, entered for this cycle),
// and the .xlsx pair — download the template, import it back (errors by row and column, nothing
// written on any error).
import type { CycleInputView } from '@cwp/contracts';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Space, Table, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { cyclesApi } from '../api';

type Result = Awaited<ReturnType<typeof cyclesApi.importInputs>>;

export function InputsTab({
  cycleId,
  editable,
  onChanged,
}: {
  cycleId: number;
  /** The user may manage and the cycle still takes source data. */
  editable: boolean;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [data, setData] = useState<{ items: CycleInputView[]; total: number } | null>(null);
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => {
    let cancelled = false;
    cyclesApi
      .inputFigures(cycleId, { page, pageSize: 20, q: q.trim() || undefined })
      .then((d) => {
        if (!cancelled) setData(d);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [cycleId, page, q, reload, onError]);

  const importFile = async (file: File) => {
    setBusy(true);
    setResult(null);
    try {
      const r = await cyclesApi.importInputs(cycleId, file, 'commit');
      setResult(r);
      if (r.committed) {
        setReload((n) => n + 1);
        onChanged();
      }
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const figure = (value: number | null, source: string | null) =>
    value === null ? (
      '—'
    ) : (
      <span>
        {value}
        {source && (
          <Typography.Text type="secondary">
            （{t(`assessmentCycles.inputSources.${source as 'entered'}`)}）
          </Typography.Text>
        )}
      </span>
    );
  const columns: TableColumnsType<CycleInputView> = [
    {
      title: t('assessmentCycles.worker'),
      dataIndex: 'workerName',
      render: (v: string) => <span data-testid="input-name">{v}</span>,
    },
    { title: t('assessmentCycles.orgUnit'), dataIndex: 'orgUnitName' },
    {
      title: t('assessmentCycles.absence'),
      key: 'absence',
      render: (_, r) => (
        <span data-testid="input-absence">{figure(r.absenceDays, r.absenceSource)}</span>
      ),
    },
    {
      title: t('assessmentCycles.satisfaction'),
      key: 'satisfaction',
      render: (_, r) => (
        <span data-testid="input-satisfaction">
          {figure(r.satisfactionPct, r.satisfactionSource)}
        </span>
      ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          allowClear
          placeholder={t('assessmentCycles.search')}
          style={{ width: 240 }}
          onSearch={(v) => {
            setPage(1);
            setQ(v);
          }}
        />
        {editable && (
          <>
            <Button
              icon={<DownloadOutlined />}
              data-testid="inputs-template"
              onClick={() => void cyclesApi.inputsTemplate(cycleId).catch(onError)}
            >
              {t('assessmentCycles.inputsTemplate')}
            </Button>
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(f) => {
                void importFile(f);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={busy} data-testid="inputs-import">
                {t('assessmentCycles.inputsImport')}
              </Button>
            </Upload>
          </>
        )}
      </Space>
      {editable && (
        <Typography.Text type="secondary">{t('assessmentCycles.inputsImportHint')}</Typography.Text>
      )}
      {result?.committed && (
        <Alert
          type="success"
          showIcon
          closable
          message={t('assessmentCycles.inputsImportDone', {
            total: result.total,
            updated: result.updated,
          })}
          data-testid="inputs-import-done"
        />
      )}
      {result && result.errors.length > 0 && (
        <>
          <Alert
            type="error"
            showIcon
            message={t('assessmentCycles.importErrors', { count: result.errors.length })}
            data-testid="inputs-import-errors"
          />
          <Table
            size="small"
            rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
            dataSource={result.errors}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: t('assessmentCycles.errorRow'), dataIndex: 'row', width: 70 },
              { title: t('assessmentCycles.errorColumn'), dataIndex: 'column', width: 140 },
              { title: t('assessmentCycles.errorMessage'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
      <Table
        rowKey="workerId"
        size="small"
        loading={!data}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ current: page, total: data?.total ?? 0, pageSize: 20, onChange: setPage }}
      />
    </Space>
  );
}
