// The dossier's contracts tab: the worker's labour contracts with the proposal for the next one
// (sign, renew, terminate), the five insurances and housing fund, and the career-channel records.
import type { ContractProposal, LaborContractView } from '@cwp/contracts';
import { Alert, App, Button, Card, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { contractsApi } from '../contracts/api';
import { CareerSection } from '../contracts/components/CareerSection';
import {
  CreateContractModal,
  ProposalAlert,
  RenewContractModal,
  TerminateContractModal,
} from '../contracts/components/ContractForms';
import { ContractTable } from '../contracts/components/ContractTable';
import { InsuranceSection } from '../contracts/components/InsuranceSection';

type Dialog =
  { kind: 'create' } | { kind: 'renew' | 'terminate'; contract: LaborContractView } | null;

export function ContractsTab({ workerId, workerName }: { workerId: number; workerName: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const canManage = can('contract:manage');
  const [contracts, setContracts] = useState<LaborContractView[] | null>(null);
  const [proposal, setProposal] = useState<ContractProposal | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);

  const load = useCallback(() => {
    contractsApi.ofWorker(workerId).then((v) => {
      setContracts(v.contracts);
      setProposal(v.proposal);
    }, onError);
  }, [workerId, onError]);
  useEffect(load, [load]);

  const done = (key: 'created' | 'renewed' | 'terminated') => () => {
    setDialog(null);
    void message.success(t(`contracts.${key}`));
    load();
  };
  const hasActive = (contracts ?? []).some((c) => c.status === 'active');
  // An active open-ended contract needs no next one; otherwise no proposal means no rule.
  const openEnded = (contracts ?? []).some((c) => c.status === 'active' && c.type === 'open_ended');

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        data-testid="worker-contracts"
        title={t('contracts.contracts')}
        extra={
          canManage && contracts && !hasActive ? (
            <Button type="primary" size="small" onClick={() => setDialog({ kind: 'create' })}>
              {t('contracts.create')}
            </Button>
          ) : null
        }
      >
        {proposal ? (
          <ProposalAlert proposal={proposal} />
        ) : contracts && !openEnded ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('contracts.noRule')}
          />
        ) : null}
        <ContractTable
          items={contracts ?? []}
          loading={!contracts}
          canManage={canManage}
          onRenew={(c) => setDialog({ kind: 'renew', contract: c })}
          onTerminate={(c) => setDialog({ kind: 'terminate', contract: c })}
        />
      </Card>
      <InsuranceSection workerId={workerId} canManage={canManage} />
      <CareerSection workerId={workerId} canManage={canManage} />
      {dialog?.kind === 'create' ? (
        <CreateContractModal
          workerId={workerId}
          workerName={workerName}
          proposal={proposal}
          onClose={() => setDialog(null)}
          onDone={done('created')}
        />
      ) : null}
      {dialog?.kind === 'renew' ? (
        <RenewContractModal
          contract={dialog.contract}
          proposal={proposal}
          onClose={() => setDialog(null)}
          onDone={done('renewed')}
        />
      ) : null}
      {dialog?.kind === 'terminate' ? (
        <TerminateContractModal
          contract={dialog.contract}
          onClose={() => setDialog(null)}
          onDone={done('terminated')}
        />
      ) : null}
    </Space>
  );
}
