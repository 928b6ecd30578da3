// /contracts: labour contracts in the caller's scope with filters (unit, type, status, expiring
// within 30/60/90 days, name), renew and terminate, batch renewal of the selected contracts, the
// export as .xlsx, an on-demand reminder check, and the career-channel figures of the unit.
import { DownloadOutlined, BellOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ContractProposal, LaborContractListQuery, LaborContractView } from '@cwp/contracts';
import { EXPIRY_WINDOWS, LABOR_CONTRACT_STATUSES, LABOR_CONTRACT_TYPES } from '@cwp/contracts';
import { App, Button, Card, Input, Modal, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { contractsApi } from './api';
import { CareerFigures } from './components/CareerFigures';
import { RenewContractModal, TerminateContractModal } from './components/ContractForms';
import { ContractTable } from './components/ContractTable';

type Filters = Omit<Partial<LaborContractListQuery>, 'page' | 'pageSize'>;
type Dialog =
  | { kind: 'renew'; contract: LaborContractView; proposal: ContractProposal | null }
  | { kind: 'terminate'; contract: LaborContractView }
  | null;

function filtersFrom(params: URLSearchParams): Filters {
  const num = (k: string) => {
    const v = Number(params.get(k));
    return Number.isInteger(v) && v > 0 ? v : undefined;
  };
  const type = LABOR_CONTRACT_TYPES.find((x) => x === params.get('type'));
  const status = LABOR_CONTRACT_STATUSES.find((x) => x === params.get('status'));
  const q = params.get('q')?.trim();
  return {
    ...(num('orgUnitId') ? { orgUnitId: num('orgUnitId') } : {}),
    ...(type ? { type } : {}),
    ...(status ? { status } : {}),
    ...(num('expiringWithinDays') ? { expiringWithinDays: num('expiringWithinDays') } : {}),
    ...(q ? { q } : {}),
  };
}

export function ContractsPage() {
  const { t } = useTranslation();
  const { can, user } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const canManage = can('contract:manage');
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [data, setData] = useState<{
    items: LaborContractView[];
    total: number;
    totalCapped: boolean;
  } | null>(null);
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState<number[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<'export' | 'batch' | 'remind' | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    contractsApi
      .list({ ...filters, page: page.current, pageSize: page.pageSize })
      .then((d) => {
        if (!cancelled) setData(d);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [filters, page, reload, onError]);

  const refresh = useCallback(() => {
    setDialog(null);
    setSelected([]);
    setReload((n) => n + 1);
  }, []);

  const setFilter = (name: keyof Filters, value: string | number | undefined) => {
    const next = new URLSearchParams(params);
    if (value === undefined || value === '') next.delete(name);
    else next.set(name, String(value));
    setParams(next, { replace: true });
    setPage((p) => ({ ...p, current: 1 }));
    setSelected([]);
  };

  const exportXlsx = async () => {
    setBusy('export');
    try {
      const name = await contractsApi.exportXlsx(filters);
      void message.success(t('contracts.exported', { name }));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(null);
    }
  };

  const batchRenew = () => {
    Modal.confirm({
      title: t('contracts.batchRenewConfirm', { count: selected.length }),
      onOk: async () => {
        setBusy('batch');
        try {
          const r = await contractsApi.batchRenew(selected);
          void message.success(t('contracts.batchRenewed', { count: r.renewed }));
          refresh();
        } catch (err) {
          onError(err);
        } finally {
          setBusy(null);
        }
      },
    });
  };

  // The renewal form starts from the proposal of the rule in force for this worker.
  const openRenew = async (contract: LaborContractView) => {
    try {
      const { proposal } = await contractsApi.ofWorker(contract.workerId);
      setDialog({ kind: 'renew', contract, proposal });
    } catch (err) {
      onError(err);
    }
  };

  const runReminders = async () => {
    setBusy('remind');
    try {
      const r = await contractsApi.runReminders();
      void message.success(t('contracts.remindersDone', r));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('contracts.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('contracts.intro')}</Typography.Paragraph>
        <Space wrap>
          <OrgUnitTreeSelect
            value={filters.orgUnitId}
            onChange={(v) => setFilter('orgUnitId', v ?? undefined)}
            placeholder={t('contracts.orgUnit')}
            allowClear
            style={{ width: 240 }}
          />
          <Select
            allowClear
            placeholder={t('contracts.type')}
            style={{ width: 140 }}
            value={filters.type}
            onChange={(v?: string) => setFilter('type', v)}
            options={LABOR_CONTRACT_TYPES.map((v) => ({
              value: v,
              label: t(`contracts.types.${v}`),
            }))}
          />
          <Select
            allowClear
            placeholder={t('contracts.status')}
            style={{ width: 120 }}
            value={filters.status}
            disabled={filters.expiringWithinDays !== undefined}
            onChange={(v?: string) => setFilter('status', v)}
            options={LABOR_CONTRACT_STATUSES.map((v) => ({
              value: v,
              label: t(`contracts.statuses.${v}`),
            }))}
          />
          <Select
            allowClear
            placeholder={t('contracts.expiring')}
            style={{ width: 150 }}
            value={filters.expiringWithinDays}
            onChange={(v?: number) => setFilter('expiringWithinDays', v)}
            options={EXPIRY_WINDOWS.map((d) => ({
              value: d,
              label: t('contracts.expiringWithin', { days: d }),
            }))}
          />
          <Input.Search
            allowClear
            placeholder={t('contracts.search')}
            style={{ width: 180 }}
            defaultValue={filters.q}
            onSearch={(v) => setFilter('q', v.trim())}
          />
          <Button icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)}>
            {t('common.refresh')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            loading={busy === 'export'}
            onClick={() => void exportXlsx()}
          >
            {t('contracts.exportXlsx')}
          </Button>
          {canManage ? (
            <>
              <Button
                type="primary"
                disabled={selected.length === 0}
                loading={busy === 'batch'}
                onClick={batchRenew}
              >
                {t('contracts.batchRenew', { count: selected.length })}
              </Button>
              <Button
                icon={<BellOutlined />}
                loading={busy === 'remind'}
                onClick={() => void runReminders()}
              >
                {t('contracts.runReminders')}
              </Button>
            </>
          ) : null}
        </Space>
      </Card>
      <Card>
        <ContractTable
          withWorker
          items={data?.items ?? []}
          loading={loading}
          canManage={canManage}
          onRenew={(c) => void openRenew(c)}
          onTerminate={(c) => setDialog({ kind: 'terminate', contract: c })}
          {...(canManage ? { selection: { keys: selected, onChange: setSelected } } : {})}
          pagination={{
            current: page.current,
            pageSize: page.pageSize,
            total: data?.total ?? 0,
            totalCapped: data?.totalCapped ?? false,
            onChange: (current, pageSize) => setPage({ current, pageSize }),
          }}
        />
      </Card>
      <CareerFigures orgUnitId={filters.orgUnitId ?? user?.orgUnit.id} />
      {dialog?.kind === 'renew' ? (
        <RenewContractModal
          contract={dialog.contract}
          proposal={dialog.proposal}
          onClose={() => setDialog(null)}
          onDone={refresh}
        />
      ) : null}
      {dialog?.kind === 'terminate' ? (
        <TerminateContractModal
          contract={dialog.contract}
          onClose={() => setDialog(null)}
          onDone={refresh}
        />
      ) : null}
    </Space>
  );
}
