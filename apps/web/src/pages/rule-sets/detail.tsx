// One rule-set version: its summary and lifecycle actions, its content (structured and JSON), the
// preview of what it would change, every version of the same kind at the same unit, and the
// approval history. Starting a new version copies this one's content into a draft.
import { ArrowLeftOutlined, CopyOutlined, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import type { CurrentUser, RuleSetDetail, RuleSetPreview, RuleSetSummary } from '@cwp/contracts';
import { ORG_LEVELS } from '@cwp/core';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Popconfirm,
  Result,
  Space,
  Spin,
  Table,
  Tabs,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { EventTimeline } from '../approvals/components/EventTimeline';
import { ApprovalStatusTag } from '../approvals/labels';
import { ruleSetsApi, type RuleSetAction } from './api';
import { ContentView } from './components/ContentView';
import { NewVersionModal } from './components/NewVersionModal';
import { PreviewView } from './components/PreviewView';
import { RuleSetStatusTag, useRuleSetKindLabel } from './labels';

/**
 * A version inherited from above (e.g. the city's) is copied into a draft at the user's own unit:
 * that is where they may edit, and the draft then overrides the inherited rule there.
 */
function ownUnitFor(unitId: number, level: string, user: CurrentUser | null): number {
  if (!user) return unitId;
  const rank = (l: string) => ORG_LEVELS.findIndex((x) => x === l);
  return rank(level) < rank(user.orgUnit.level) ? user.orgUnit.id : unitId;
}

export function RuleSetDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const ruleSetId = Number(id);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { can, user } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const kindLabel = useRuleSetKindLabel();
  const [detail, setDetail] = useState<RuleSetDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState<RuleSetAction | null>(null);
  const [newVersion, setNewVersion] = useState(false);
  const [preview, setPreview] = useState<RuleSetPreview | null>(null);
  const [previewDate, setPreviewDate] = useState<Dayjs | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [reload, setReload] = useState(0);
  const tab = params.get('tab') ?? 'content';
  // The preview tab computes once by itself (also when opened from a link); then on demand.
  const autoPreviewed = useRef(false);

  useEffect(() => {
    let cancelled = false;
    setPreview(null);
    autoPreviewed.current = false;
    ruleSetsApi
      .get(ruleSetId)
      .then((d) => {
        if (!cancelled) {
          setDetail(d);
          setMissing(false);
        }
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [ruleSetId, reload, onError]);

  const runPreview = useCallback(
    async (date: Dayjs | null) => {
      setPreviewing(true);
      try {
        setPreview(await ruleSetsApi.preview(ruleSetId, date?.format('YYYY-MM-DD')));
      } catch (err) {
        onError(err);
      } finally {
        setPreviewing(false);
      }
    },
    [ruleSetId, onError],
  );

  // Opening the preview tab (also from a link) computes it once.
  const mayPreview = detail?.abilities.preview === true;
  useEffect(() => {
    if (tab !== 'preview' || !mayPreview || autoPreviewed.current) return;
    autoPreviewed.current = true;
    void runPreview(null);
  }, [tab, mayPreview, runPreview]);

  if (missing) {
    return (
      <Result
        status="404"
        title={t('careerRules.ruleSets.notFound')}
        extra={<Link to="/rule-sets">{t('careerRules.ruleSets.backToList')}</Link>}
      />
    );
  }
  if (!detail) return <Spin />;

  const act = async (action: RuleSetAction) => {
    setBusy(action);
    try {
      const next = await ruleSetsApi.act(detail.id, action, detail.version);
      setDetail(next);
      setConflict(false);
      void message.success(t(`careerRules.ruleSets.done.${action}`));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setConflict(true);
      else onError(err);
    } finally {
      setBusy(null);
    }
  };

  const { abilities } = detail;
  const historyColumns = [
    {
      title: t('careerRules.ruleSets.versionNo'),
      dataIndex: 'versionNo',
      width: 80,
      render: (v: number, r: RuleSetSummary) =>
        r.id === detail.id ? <b>v{v}</b> : <Link to={`/rule-sets/${r.id}`}>v{v}</Link>,
    },
    { title: t('careerRules.ruleSets.name'), dataIndex: 'name' },
    { title: t('careerRules.ruleSets.effectiveFrom'), dataIndex: 'effectiveFrom', width: 120 },
    {
      title: t('common.status'),
      key: 'status',
      width: 200,
      render: (_: unknown, r: RuleSetSummary) => (
        <RuleSetStatusTag status={r.status} timeline={r.timeline} />
      ),
    },
    {
      title: t('careerRules.ruleSets.approvedBy'),
      key: 'approvedBy',
      width: 180,
      render: (_: unknown, r: RuleSetSummary) =>
        r.approvedBy
          ? `${r.approvedBy.displayName} · ${r.approvedAt ? dayjs(r.approvedAt).format('YYYY-MM-DD') : ''}`
          : t('common.none'),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="cwp-page-header">
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/rule-sets')}>
              {t('common.back')}
            </Button>
            <Typography.Title level={4} data-testid="rule-set-name">
              {detail.name}
            </Typography.Title>
            <RuleSetStatusTag status={detail.status} timeline={detail.timeline} />
          </Space>
          <Space wrap>
            {abilities.edit && (
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => void navigate(`/rule-sets/${detail.id}/edit`)}
                data-testid="rule-set-edit"
              >
                {t('careerRules.ruleSets.edit')}
              </Button>
            )}
            {abilities.submit && (
              <Popconfirm
                title={t('careerRules.ruleSets.submitConfirm')}
                onConfirm={() => act('submit')}
              >
                <Button type="primary" loading={busy === 'submit'} data-testid="rule-set-submit">
                  {t('careerRules.ruleSets.submit')}
                </Button>
              </Popconfirm>
            )}
            {abilities.decide && detail.approval && (
              <Button
                type="primary"
                onClick={() => void navigate(`/approvals/${detail.approval?.id ?? ''}`)}
              >
                {t('careerRules.ruleSets.decide')}
              </Button>
            )}
            {abilities.withdraw && (
              <Popconfirm
                title={t('careerRules.ruleSets.withdrawConfirm')}
                onConfirm={() => act('withdraw')}
              >
                <Button danger loading={busy === 'withdraw'}>
                  {t('careerRules.ruleSets.withdraw')}
                </Button>
              </Popconfirm>
            )}
            {can('rule:manage') && (
              <Button
                icon={<CopyOutlined />}
                onClick={() => setNewVersion(true)}
                data-testid="rule-set-new-version"
              >
                {t('careerRules.ruleSets.newVersion')}
              </Button>
            )}
          </Space>
        </div>
        {conflict && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('careerRules.ruleSets.conflict')}
            action={
              <Button
                size="small"
                icon={<ReloadOutlined />}
                onClick={() => {
                  setConflict(false);
                  setReload((n) => n + 1);
                }}
              >
                {t('careerRules.approvals.reload')}
              </Button>
            }
          />
        )}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            {
              key: 'kind',
              label: t('careerRules.ruleSets.kind'),
              children: kindLabel(detail.kind),
            },
            { key: 'unit', label: t('careerRules.ruleSets.orgUnit'), children: detail.orgUnitName },
            {
              key: 'version',
              label: t('careerRules.ruleSets.versionNo'),
              children: `v${detail.versionNo}`,
            },
            {
              key: 'effective',
              label: t('careerRules.ruleSets.effectiveFrom'),
              children: detail.effectiveFrom,
            },
            {
              key: 'created',
              label: t('careerRules.ruleSets.createdBy'),
              children: `${detail.createdBy?.displayName ?? t('careerRules.approvals.system')} · ${dayjs(detail.createdAt).format('YYYY-MM-DD HH:mm')}`,
            },
            {
              key: 'approved',
              label: t('careerRules.ruleSets.approvedBy'),
              children: detail.approvedBy
                ? `${detail.approvedBy.displayName} · ${detail.approvedAt ? dayjs(detail.approvedAt).format('YYYY-MM-DD HH:mm') : ''}`
                : t('common.none'),
            },
            ...(detail.note
              ? [
                  {
                    key: 'note',
                    label: t('careerRules.ruleSets.note'),
                    children: detail.note,
                    span: 3,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => {
            const p = new URLSearchParams(params);
            p.set('tab', key);
            setParams(p, { replace: true });
          }}
          items={[
            {
              key: 'content',
              label: t('careerRules.ruleSets.content'),
              children: (
                <ContentView key={detail.version} kind={detail.kind} content={detail.content} />
              ),
            },
            {
              key: 'preview',
              label: t('careerRules.ruleSets.preview'),
              disabled: !abilities.preview,
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Space wrap>
                    <span>{t('careerRules.preview.date')}</span>
                    <DatePicker
                      value={previewDate}
                      onChange={setPreviewDate}
                      placeholder={detail.effectiveFrom}
                    />
                    <Button
                      onClick={() => void runPreview(previewDate)}
                      loading={previewing}
                      data-testid="rule-set-run-preview"
                    >
                      {t('careerRules.preview.run')}
                    </Button>
                  </Space>
                  {preview ? <PreviewView preview={preview} /> : previewing ? <Spin /> : null}
                </Space>
              ),
            },
            {
              key: 'history',
              label: t('careerRules.ruleSets.history', { count: detail.history.length }),
              children: (
                <Table<RuleSetSummary>
                  rowKey="id"
                  size="small"
                  pagination={false}
                  dataSource={detail.history}
                  columns={historyColumns}
                  data-testid="rule-set-history"
                />
              ),
            },
            {
              key: 'approval',
              label: t('careerRules.ruleSets.approval'),
              children: detail.approval ? (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Space>
                    <ApprovalStatusTag status={detail.approval.status} />
                    <Link to={`/approvals/${detail.approval.id}`}>
                      {t('careerRules.ruleSets.openApproval')}
                    </Link>
                  </Space>
                  <EventTimeline events={detail.approval.events} />
                </Space>
              ) : (
                <Typography.Text type="secondary">
                  {t('careerRules.ruleSets.noApproval')}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Card>
      {newVersion && (
        <NewVersionModal
          seed={{
            kind: detail.kind,
            orgUnitId: ownUnitFor(detail.orgUnitId, detail.orgUnitLevel, user),
            name: detail.name,
            content: detail.content,
          }}
          onClose={() => setNewVersion(false)}
        />
      )}
    </Space>
  );
}
