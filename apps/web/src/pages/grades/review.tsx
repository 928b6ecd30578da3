// One grade review: its progress while computing, the totals and the rule versions used, the
// proposals (filter by promoted / blocked / excluded / adjusted, search, keyset paging) with the
// reason for each worker, HR exclusion or adjustment with a reason, export, submit and discard.
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import type { GradeProposalView, GradeReviewView } from '@cwp/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Input,
  Popconfirm,
  Progress,
  Result,
  Row,
  Segmented,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import { useWorkerLabels } from '../workers/components/labels';
import { gradesApi } from './api';
import { ProposalModal } from './components/ProposalModal';
import { ReviewStatusTag } from './components/ReviewStatusTag';

const FILTERS = ['all', 'promoted', 'blocked', 'excluded', 'adjusted'] as const;
type Filter = (typeof FILTERS)[number];
const PAGE = 100;

export function GradeReviewPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const reviewId = /^\d{1,12}$/.test(id ?? '') ? Number(id) : undefined;
  const { message } = App.useApp();
  const onError = useRequestError();
  const labels = useWorkerLabels();
  const [review, setReview] = useState<GradeReviewView | null>(null);
  const [missing, setMissing] = useState(reviewId === undefined);
  const [filter, setFilter] = useState<Filter>('all');
  const [q, setQ] = useState('');
  const [rows, setRows] = useState<GradeProposalView[]>([]);
  const [total, setTotal] = useState(0);
  const [nextAfter, setNextAfter] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<{
    p: GradeProposalView;
    mode: 'exclude' | 'include' | 'adjust';
  } | null>(null);
  const [busy, setBusy] = useState(false);
  const [reloadReview, setReloadReview] = useState(0);

  useEffect(() => {
    if (reviewId === undefined) return;
    let cancelled = false;
    gradesApi
      .review(reviewId)
      .then((r) => {
        if (!cancelled) setReview(r);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [reviewId, reloadReview, onError]);

  // While computing, poll the progress.
  useEffect(() => {
    if (review?.status !== 'computing') return;
    const timer = setTimeout(() => setReloadReview((n) => n + 1), 1000);
    return () => clearTimeout(timer);
  }, [review]);

  const status = review?.status;
  const load = useCallback(
    async (after: number | undefined) => {
      if (reviewId === undefined) return;
      setLoading(true);
      try {
        const page = await gradesApi.proposals(reviewId, {
          filter: filter === 'all' ? undefined : filter,
          q: q.trim() || undefined,
          after,
          pageSize: PAGE,
        });
        setRows((old) => (after === undefined ? page.items : [...old, ...page.items]));
        setTotal(page.total);
        setNextAfter(page.nextAfter);
      } catch (err) {
        onError(err);
      } finally {
        setLoading(false);
      }
    },
    [reviewId, filter, q, onError],
  );

  useEffect(() => {
    if (status === undefined || status === 'computing') return;
    void load(undefined);
  }, [status, load]);

  if (missing)
    return (
      <Result status="404" title={t('errors.notFoundTitle')} subTitle={t('errors.notFound')} />
    );
  if (!review) return <PageSpin />;

  const act = async (fn: () => Promise<GradeReviewView>, done: string) => {
    setBusy(true);
    try {
      setReview(await fn());
      void message.success(done);
    } catch (err) {
      onError(err);
      setReloadReview((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const exportXlsx = async () => {
    setBusy(true);
    try {
      const name = await gradesApi.exportXlsx(review.id);
      void message.success(t('grades.exported', { name }));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const gradeText = (g: number | null) =>
    g === null ? t('grades.noGrade') : t('grades.gradeValue', { grade: g });

  const columns: TableColumnsType<GradeProposalView> = [
    {
      title: t('grades.worker'),
      key: 'worker',
      width: 110,
      fixed: 'left',
      render: (_, p) => <Link to={`/workers/${p.workerId}?tab=grade`}>{p.workerName}</Link>,
    },
    { title: t('grades.unit'), dataIndex: 'orgUnitName', width: 160 },
    {
      title: t('grades.post'),
      key: 'post',
      width: 90,
      render: (_, p) => labels.dict('post', p.post),
    },
    {
      title: t('grades.currentGrade'),
      key: 'current',
      width: 80,
      render: (_, p) => gradeText(p.currentGrade),
    },
    {
      title: t('grades.outcome'),
      key: 'outcome',
      width: 110,
      render: (_, p) => (
        <Space size={2} wrap>
          <Tag
            color={p.outcome === 'promoted' ? 'green' : 'default'}
            data-testid="proposal-outcome"
          >
            {t(`grades.filters.${p.outcome}`)}
          </Tag>
          {p.excluded && <Tag color="red">{t('grades.excluded')}</Tag>}
          {p.adjustedGrade !== null && <Tag color="purple">{t('grades.adjusted')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('grades.finalGrade'),
      key: 'final',
      width: 90,
      render: (_, p) => (p.finalGrade === null ? '—' : gradeText(p.finalGrade)),
    },
    {
      title: t('grades.reason'),
      key: 'reason',
      render: (_, p) => (
        <Space direction="vertical" size={0}>
          <span data-testid="proposal-reason">{p.reason}</span>
          {p.hrReason && (
            <Typography.Text type="secondary">
              {t('grades.hrReason')}：{p.hrReason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('grades.lastRating'),
      key: 'rating',
      width: 100,
      render: (_, p) => (p.lastRating ? t(`assessments.ratings.${p.lastRating}`) : '—'),
    },
    {
      title: t('grades.effectiveFrom'),
      dataIndex: 'effectiveFrom',
      width: 110,
      render: (v: string | null) => v ?? '—',
    },
    ...(review.abilities.edit
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 130,
            fixed: 'right' as const,
            render: (_: unknown, p: GradeProposalView) => (
              <Space size={4}>
                <Button
                  size="small"
                  onClick={() => setEditing({ p, mode: p.excluded ? 'include' : 'exclude' })}
                >
                  {p.excluded ? t('grades.include') : t('grades.exclude')}
                </Button>
                {!p.excluded && (
                  <Button size="small" onClick={() => setEditing({ p, mode: 'adjust' })}>
                    {t('grades.adjust')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="cwp-page-header">
          <Space size={12} align="center" wrap>
            <Link to="/grades" className="cwp-back-link">
              <ArrowLeftOutlined /> {t('grades.back')}
            </Link>
            <Typography.Title level={4}>
              {review.orgUnitName} · {review.year}
            </Typography.Title>
            <ReviewStatusTag status={review.status} />
          </Space>
          <Space wrap>
            {review.status !== 'computing' && review.status !== 'failed' && (
              <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void exportXlsx()}>
                {t('grades.export')}
              </Button>
            )}
            {review.abilities.submit && (
              <Popconfirm
                title={t('grades.submitConfirm')}
                onConfirm={() =>
                  void act(() => gradesApi.submit(review.id, review.version), t('grades.submitted'))
                }
              >
                <Button type="primary" loading={busy} data-testid="grade-review-submit">
                  {t('grades.submit')}
                </Button>
              </Popconfirm>
            )}
            {review.abilities.discard && (
              <Popconfirm
                title={t('grades.discardConfirm')}
                onConfirm={() =>
                  void act(
                    () => gradesApi.discard(review.id, review.version),
                    t('grades.discarded'),
                  )
                }
              >
                <Button danger loading={busy}>
                  {t('grades.discard')}
                </Button>
              </Popconfirm>
            )}
            {review.approvalId !== null && (
              <Link to={`/approvals/${review.approvalId}`}>{t('grades.approval')}</Link>
            )}
          </Space>
        </div>
        {review.status === 'computing' && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('grades.computing')}</Typography.Text>
            <Progress percent={review.progress} data-testid="grade-review-progress" />
          </Space>
        )}
        {review.status === 'failed' && (
          <Alert
            type="error"
            showIcon
            message={t('grades.failed', { error: review.error ?? '' })}
          />
        )}
        {review.status !== 'computing' && review.status !== 'failed' && (
          <>
            <Row gutter={16}>
              <Col span={4}>
                <Statistic title={t('grades.total')} value={review.total} />
              </Col>
              <Col span={4}>
                <Statistic title={t('grades.promoted')} value={review.promoted} />
              </Col>
              <Col span={4}>
                <Statistic title={t('grades.blocked')} value={review.blocked} />
              </Col>
              <Col span={4}>
                <Statistic title={t('grades.excluded')} value={review.excluded} />
              </Col>
              <Col span={4}>
                <Statistic title={t('grades.adjusted')} value={review.adjusted} />
              </Col>
              {review.appliedCount !== null && (
                <Col span={4}>
                  <Statistic title={t('grades.appliedCount')} value={review.appliedCount} />
                </Col>
              )}
            </Row>
            {review.ruleSets.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {t('grades.ruleSets')}：
                {review.ruleSets.map((r) => (
                  <Link
                    key={r.ruleSetId}
                    to={`/rule-sets/${r.ruleSetId}`}
                    style={{ marginRight: 12 }}
                  >
                    {t('grades.ruleSetUse', {
                      name: r.name,
                      version: r.ruleVersionNo,
                      workers: r.workers,
                    })}
                  </Link>
                ))}
              </Typography.Paragraph>
            )}
          </>
        )}
      </Card>
      {review.status !== 'computing' && review.status !== 'failed' && (
        <Card>
          <Space wrap style={{ marginBottom: 16 }}>
            <Segmented<Filter>
              value={filter}
              onChange={setFilter}
              options={FILTERS.map((f) => ({ value: f, label: t(`grades.filters.${f}`) }))}
              data-testid="proposal-filter"
            />
            <Input.Search
              allowClear
              placeholder={t('grades.searchName')}
              onSearch={setQ}
              style={{ width: 200 }}
            />
            <Typography.Text type="secondary">{t('common.total', { total })}</Typography.Text>
          </Space>
          <Table
            rowKey="workerId"
            size="small"
            loading={loading}
            columns={columns}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 1300 }}
          />
          {nextAfter !== null && (
            <Button
              style={{ marginTop: 12 }}
              loading={loading}
              onClick={() => void load(nextAfter)}
            >
              {t('grades.loadMore')}
            </Button>
          )}
        </Card>
      )}
      {editing && (
        <ProposalModal
          reviewId={review.id}
          proposal={editing.p}
          mode={editing.mode}
          onClose={() => setEditing(null)}
          onSaved={(p) => {
            setEditing(null);
            setRows((old) => old.map((x) => (x.workerId === p.workerId ? p : x)));
            setReloadReview((n) => n + 1);
            void message.success(t('grades.proposalSaved'));
          }}
        />
      )}
    </Space>
  );
}
