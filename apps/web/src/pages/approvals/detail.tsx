// One approval request: what it is about (a summary of the subject and a link to it), its history
// with comments, and the decisions the caller may take. A decision made meanwhile by someone else
// (a stale version) is shown as a conflict with a reload, never silently overwritten.
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ApprovalDetail, RuleSetDetail } from '@cwp/contracts';
import { Alert, App, Button, Card, Descriptions, Result, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { ruleSetsApi } from '../rule-sets/api';
import { RuleSetStatusTag, useRuleSetKindLabel } from '../rule-sets/labels';
import { approvalsApi } from './api';
import { DecisionModal, type DecisionKind } from './components/DecisionModal';
import { EventTimeline } from './components/EventTimeline';
import { ApprovalStatusTag, useSubjectTypeLabel } from './labels';

export function ApprovalDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const approvalId = Number(id);
  const navigate = useNavigate();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const subjectLabel = useSubjectTypeLabel();
  const kindLabel = useRuleSetKindLabel();
  const [approval, setApproval] = useState<ApprovalDetail | null>(null);
  const [subject, setSubject] = useState<RuleSetDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [dialog, setDialog] = useState<DecisionKind | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    approvalsApi
      .get(approvalId)
      .then((a) => {
        if (!cancelled) setApproval(a);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [approvalId, reload, onError]);

  const subjectId = approval?.subjectType === 'rule_set' ? approval.subjectId : null;
  const mayReadRules = can('rule:read');
  useEffect(() => {
    if (subjectId === null || !mayReadRules) return;
    let cancelled = false;
    ruleSetsApi
      .get(subjectId)
      .then((r) => {
        if (!cancelled) setSubject(r);
      })
      .catch(() => {
        // The summary is a convenience; the request itself is shown either way.
        if (!cancelled) setSubject(null);
      });
    return () => {
      cancelled = true;
    };
  }, [subjectId, mayReadRules, reload]);

  const refresh = useCallback(() => {
    setConflict(false);
    setReload((n) => n + 1);
  }, []);

  if (missing) {
    return (
      <Result
        status="404"
        title={t('careerRules.approvals.notFound')}
        extra={<Link to="/approvals">{t('careerRules.approvals.backToList')}</Link>}
      />
    );
  }
  if (!approval) return <Spin />;

  const submit = async (kind: DecisionKind, comment: string | undefined) => {
    try {
      const next =
        kind === 'comment'
          ? await approvalsApi.comment(approval.id, comment ?? '')
          : await approvalsApi.decide(approval.id, kind, approval.version, comment);
      setApproval(next);
      setDialog(null);
      setReload((n) => n + 1);
      void message.success(t(`careerRules.approvals.done.${kind}`));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setDialog(null);
        setConflict(true);
        return;
      }
      onError(err);
      throw err;
    }
  };

  const { abilities } = approval;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="cwp-page-header">
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/approvals')}>
              {t('common.back')}
            </Button>
            <Typography.Title level={4} data-testid="approval-title">
              {approval.title}
            </Typography.Title>
            <ApprovalStatusTag status={approval.status} />
          </Space>
          <Space wrap>
            {abilities.decide && (
              <>
                <Button type="primary" onClick={() => setDialog('approve')} data-testid="approve">
                  {t('careerRules.approvals.actions.approve')}
                </Button>
                <Button danger onClick={() => setDialog('return')} data-testid="return">
                  {t('careerRules.approvals.actions.return')}
                </Button>
              </>
            )}
            {abilities.withdraw && (
              <Button onClick={() => setDialog('withdraw')}>
                {t('careerRules.approvals.actions.withdraw')}
              </Button>
            )}
            {abilities.comment && (
              <Button onClick={() => setDialog('comment')}>
                {t('careerRules.approvals.actions.comment')}
              </Button>
            )}
          </Space>
        </div>
        {conflict && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="approval-conflict"
            message={t('careerRules.approvals.conflict')}
            description={t('careerRules.approvals.conflictHint')}
            action={
              <Button size="small" icon={<ReloadOutlined />} onClick={refresh}>
                {t('careerRules.approvals.reload')}
              </Button>
            }
          />
        )}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'type',
              label: t('careerRules.approvals.subjectType'),
              children: subjectLabel(approval.subjectType),
            },
            {
              key: 'subject',
              label: t('careerRules.approvals.subject'),
              children: (
                <Link to={approval.link} data-testid="approval-subject-link">
                  {t('careerRules.approvals.openSubject')}
                </Link>
              ),
            },
            {
              key: 'unit',
              label: t('careerRules.approvals.decidingUnit'),
              children: approval.orgUnitName,
            },
            {
              key: 'submitted',
              label: t('careerRules.approvals.submittedBy'),
              children: `${approval.submittedBy.displayName} · ${dayjs(approval.submittedAt).format('YYYY-MM-DD HH:mm')}`,
            },
            {
              key: 'decided',
              label: t('careerRules.approvals.decidedBy'),
              children: approval.decidedBy
                ? `${approval.decidedBy.displayName} · ${approval.decidedAt ? dayjs(approval.decidedAt).format('YYYY-MM-DD HH:mm') : ''}`
                : t('common.none'),
            },
          ]}
        />
      </Card>
      {subject && (
        <Card title={t('careerRules.approvals.subjectSummary')} size="small">
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={[
              {
                key: 'name',
                label: t('careerRules.ruleSets.name'),
                children: <Link to={`/rule-sets/${subject.id}`}>{subject.name}</Link>,
              },
              {
                key: 'kind',
                label: t('careerRules.ruleSets.kind'),
                children: kindLabel(subject.kind),
              },
              {
                key: 'unit',
                label: t('careerRules.ruleSets.orgUnit'),
                children: subject.orgUnitName,
              },
              {
                key: 'version',
                label: t('careerRules.ruleSets.versionNo'),
                children: `v${subject.versionNo}`,
              },
              {
                key: 'effective',
                label: t('careerRules.ruleSets.effectiveFrom'),
                children: subject.effectiveFrom,
              },
              {
                key: 'status',
                label: t('common.status'),
                children: <RuleSetStatusTag status={subject.status} timeline={subject.timeline} />,
              },
              ...(subject.note
                ? [{ key: 'note', label: t('careerRules.ruleSets.note'), children: subject.note }]
                : []),
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('careerRules.approvals.previewHint')}{' '}
            <Link to={`/rule-sets/${subject.id}?tab=preview`}>
              {t('careerRules.ruleSets.preview')}
            </Link>
          </Typography.Paragraph>
        </Card>
      )}
      <Card title={t('careerRules.approvals.history')} size="small">
        <EventTimeline events={approval.events} />
      </Card>
      {dialog && (
        <DecisionModal
          kind={dialog}
          onClose={() => setDialog(null)}
          onSubmit={(comment) => submit(dialog, comment)}
        />
      )}
    </Space>
  );
}
