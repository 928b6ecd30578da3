// 一次考核 (/assessment-cycles/:id): status and the next step (compute, submit, publish, final),
// the entries with score, proposal, reasons, adjustment and appeal, the score import, the source
// data tab (satisfaction and absence with their sources, .xlsx template and import) and, once
// final, the effect proposals.
import type { CycleEntryView, CycleView } from '@cwp/contracts';
import {
  App,
  Button,
  Card,
  Descriptions,
  Input,
  Popconfirm,
  Popover,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { PageSpin } from '../../components/PageSpin';
import { cyclesApi } from './api';
import { EffectsTable } from './components/EffectsTable';
import { InputsTab } from './components/InputsTab';
import { RatingModal, ScoreModal } from './components/EntryModals';
import { ScoreImportModal } from './components/ScoreImportModal';
import { periodText } from './components/period';
import { STATUS_COLORS } from './index';

const RATING_COLORS: Record<string, string> = {
  excellent: 'green',
  competent: 'blue',
  basically_competent: 'orange',
  incompetent: 'red',
};

type Dialog =
  { kind: 'score' | 'adjust' | 'reply'; entry: CycleEntryView } | { kind: 'import' } | null;

const NEXT: Partial<Record<CycleView['status'], 'compute' | 'submit' | 'publish' | 'finalize'>> = {
  open: 'compute',
  computed: 'submit',
  approved: 'publish',
  published: 'finalize',
};

export function AssessmentCyclePage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const id = Number(useParams().id);
  const [cycle, setCycle] = useState<CycleView | null>(null);
  const [entries, setEntries] = useState<{ items: CycleEntryView[]; total: number } | null>(null);
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [reload, setReload] = useState(0);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const refresh = useCallback(() => setReload((n) => n + 1), []);
  const manage = can('assessment:manage');

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      cyclesApi.get(id),
      cyclesApi.entries(id, { page, pageSize: 20, q: q.trim() || undefined }),
    ])
      .then(([c, e]) => {
        if (cancelled) return;
        setCycle(c);
        setEntries(e);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [id, page, q, reload, onError]);

  if (!cycle || !entries) return <PageSpin />;
  const next = NEXT[cycle.status];
  const step = async (s: NonNullable<typeof next> | 'compute') => {
    setBusy(true);
    try {
      await cyclesApi.step(id, s, cycle.version);
      void message.success(t('assessmentCycles.saved'));
      refresh();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  const rating = (r: string | null) =>
    r ? (
      <Tag color={RATING_COLORS[r]}>{t(`assessmentCycles.ratings.${r as 'excellent'}`)}</Tag>
    ) : (
      '—'
    );
  const editable = cycle.status === 'open' || cycle.status === 'computed';

  const columns: TableColumnsType<CycleEntryView> = [
    {
      title: t('assessmentCycles.worker'),
      dataIndex: 'workerName',
      render: (v: string) => <span data-testid="entry-name">{v}</span>,
    },
    { title: t('assessmentCycles.orgUnit'), dataIndex: 'orgUnitName' },
    {
      title: t('assessmentCycles.selfSubmitted'),
      key: 'self',
      render: (_, e) =>
        e.selfSummary ? (
          <Popover content={<div style={{ maxWidth: 400 }}>{e.selfSummary}</div>}>
            <a>✓</a>
          </Popover>
        ) : (
          '—'
        ),
    },
    { title: t('assessmentCycles.scores'), dataIndex: 'scoresEntered', width: 80 },
    {
      title: t('assessmentCycles.absence'),
      key: 'absence',
      width: 120,
      render: (_, e) =>
        e.absenceDays === null
          ? '—'
          : `${e.absenceDays}（${t(`assessmentCycles.absenceSources.${e.absenceSource ?? 'entered'}`)}）`,
    },
    {
      title: t('assessmentCycles.score'),
      dataIndex: 'score',
      width: 80,
      render: (v: number | null) => v ?? '—',
    },
    {
      title: t('assessmentCycles.proposed'),
      key: 'proposed',
      render: (_, e) => rating(e.proposedRating),
    },
    {
      title: t('assessmentCycles.rating'),
      key: 'rating',
      render: (_, e) => (
        <span data-testid="entry-rating">
          {rating(e.rating)}
          {e.adjustReason && <Typography.Text type="secondary"> {e.adjustReason}</Typography.Text>}
        </span>
      ),
    },
    {
      title: t('assessmentCycles.reasons'),
      key: 'reasons',
      render: (_, e) =>
        e.reasons.length === 0 ? (
          '—'
        ) : (
          <Popover
            content={
              <ul style={{ margin: 0, paddingLeft: 16, maxWidth: 420 }}>
                {e.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            }
          >
            <a data-testid="entry-reasons">{e.reasons.at(-1)}</a>
          </Popover>
        ),
    },
    {
      title: t('assessmentCycles.appeal'),
      key: 'appeal',
      render: (_, e) => (
        <span data-testid="entry-appeal">
          {t(`assessmentCycles.appealStatuses.${e.appealStatus}`)}
        </span>
      ),
    },
    {
      key: 'actions',
      render: (_, e) =>
        manage ? (
          <Space>
            {editable && (
              <a onClick={() => setDialog({ kind: 'score', entry: e })} data-testid="entry-score">
                {t('assessmentCycles.scores')}
              </a>
            )}
            {cycle.status === 'computed' && (
              <a onClick={() => setDialog({ kind: 'adjust', entry: e })} data-testid="entry-adjust">
                {t('assessmentCycles.adjust')}
              </a>
            )}
            {cycle.status === 'published' && e.appealStatus === 'pending' && (
              <a onClick={() => setDialog({ kind: 'reply', entry: e })} data-testid="entry-reply">
                {t('assessmentCycles.reply')}
              </a>
            )}
          </Space>
        ) : null,
    },
  ];

  const done = () => {
    setDialog(null);
    void message.success(t('assessmentCycles.saved'));
    refresh();
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="cwp-page-header">
          <Typography.Title level={4}>{cycle.title}</Typography.Title>
          <Link to="/assessment-cycles">{t('assessmentCycles.back')}</Link>
        </div>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('assessmentCycles.status')}>
            <Tag color={STATUS_COLORS[cycle.status]} data-testid="cycle-status">
              {t(`assessmentCycles.statuses.${cycle.status}`)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item
            label={t('assessmentCycles.period')}
          >{`${cycle.year} ${periodText(t, cycle.period)}`}</Descriptions.Item>
          <Descriptions.Item label={t('assessmentCycles.schemeVersion')}>
            v{cycle.schemeVersion}
          </Descriptions.Item>
          <Descriptions.Item label={t('assessmentCycles.workers')}>
            {cycle.workers}
          </Descriptions.Item>
          <Descriptions.Item label={t('assessmentCycles.selfSubmitted')}>
            {cycle.selfSubmitted}
          </Descriptions.Item>
          <Descriptions.Item label={t('assessmentCycles.counts')}>
            <span data-testid="cycle-counts">
              {Object.entries(cycle.counts)
                .map(([r, n]) => `${t(`assessmentCycles.ratings.${r as 'excellent'}`)} ${n}`)
                .join(' · ') || '—'}
            </span>{' '}
            <Typography.Text type="secondary">
              {t('assessmentCycles.capHint', { pct: cycle.scheme.excellentCapPct })}
            </Typography.Text>
          </Descriptions.Item>
          {cycle.appealDeadline && (
            <Descriptions.Item label={t('assessmentCycles.appealDeadline')}>
              {cycle.appealDeadline}
            </Descriptions.Item>
          )}
          {cycle.status === 'published' && (
            <Descriptions.Item label={t('assessmentCycles.pendingAppeals')}>
              {cycle.pendingAppeals}
            </Descriptions.Item>
          )}
        </Descriptions>
        {manage && (
          <Space wrap>
            {editable && (
              <Button onClick={() => setDialog({ kind: 'import' })} data-testid="cycle-import">
                {t('assessmentCycles.importScores')}
              </Button>
            )}
            {cycle.status === 'computed' && (
              <Button loading={busy} onClick={() => void step('compute')}>
                {t('assessmentCycles.compute')}
              </Button>
            )}
            {next === 'finalize' ? (
              <Popconfirm
                title={t('assessmentCycles.finalizeConfirm')}
                onConfirm={() => void step('finalize')}
              >
                <Button type="primary" loading={busy} data-testid="cycle-next">
                  {t('assessmentCycles.finalize')}
                </Button>
              </Popconfirm>
            ) : next ? (
              <Button
                type="primary"
                loading={busy}
                onClick={() => void step(next)}
                data-testid="cycle-next"
              >
                {t(`assessmentCycles.${next}`)}
              </Button>
            ) : null}
            {cycle.approvalId !== null && (
              <Link to={`/approvals/${cycle.approvalId}`}>{t('assessmentCycles.approval')}</Link>
            )}
          </Space>
        )}
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'entries',
              label: t('assessmentCycles.workers'),
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Input.Search
                    allowClear
                    placeholder={t('assessmentCycles.search')}
                    style={{ width: 240 }}
                    onSearch={(v) => {
                      setPage(1);
                      setQ(v);
                    }}
                  />
                  <Table
                    rowKey="workerId"
                    size="small"
                    columns={columns}
                    dataSource={entries.items}
                    pagination={{
                      current: page,
                      total: entries.total,
                      pageSize: 20,
                      onChange: setPage,
                    }}
                  />
                </Space>
              ),
            },
            {
              key: 'inputs',
              label: <span data-testid="cycle-tab-inputs">{t('assessmentCycles.tabInputs')}</span>,
              children: (
                <InputsTab cycleId={cycle.id} editable={manage && editable} onChanged={refresh} />
              ),
            },
            ...(cycle.status === 'final'
              ? [
                  {
                    key: 'effects',
                    label: t('assessmentCycles.tabEffects'),
                    children: <EffectsTable cycleId={cycle.id} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {dialog?.kind === 'import' && (
        <ScoreImportModal cycleId={id} onClose={() => setDialog(null)} onDone={refresh} />
      )}
      {dialog?.kind === 'score' && (
        <ScoreModal
          cycleId={id}
          entry={dialog.entry}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
      {(dialog?.kind === 'adjust' || dialog?.kind === 'reply') && (
        <RatingModal
          cycleId={id}
          entry={dialog.entry}
          mode={dialog.kind}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
    </Space>
  );
}
