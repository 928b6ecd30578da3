// 我的考核 (/me/assessments): the worker's own cycles — the self-assessment while a cycle is open,
// the published rating with its reasons, and an appeal inside the window.
import type { MyAssessmentView } from '@cwp/contracts';
import { App, Button, Card, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import { cyclesApi } from '../assessment-cycles/api';

function Item({ a, onDone }: { a: MyAssessmentView; onDone(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [summary, setSummary] = useState(a.selfSummary ?? '');
  const [appeal, setAppeal] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await f();
      void message.success(done);
      onDone();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <List.Item data-testid="my-assessment">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          <Typography.Text strong>{a.title}</Typography.Text>
          <Tag>{t(`assessmentCycles.statuses.${a.status}`)}</Tag>
        </Space>
        {a.canSelfAssess ? (
          <>
            <Input.TextArea
              rows={4}
              maxLength={5000}
              value={summary}
              onChange={(e) => setSummary(e.target.value)}
              placeholder={t('assessmentCycles.my.summary')}
              data-testid="my-summary"
            />
            <Button
              loading={busy}
              disabled={!summary.trim()}
              onClick={() =>
                void run(
                  () => cyclesApi.selfAssess(a.cycleId, summary),
                  t('assessmentCycles.my.submitted'),
                )
              }
              data-testid="my-summary-submit"
            >
              {t('assessmentCycles.my.submitSummary')}
            </Button>
          </>
        ) : (
          a.selfSummary && (
            <Typography.Paragraph type="secondary">
              {t('assessmentCycles.my.summary')}：{a.selfSummary}
            </Typography.Paragraph>
          )
        )}
        {a.rating ? (
          <>
            <Space>
              <span>{t('assessmentCycles.rating')}</span>
              <Tag color="blue" data-testid="my-rating">
                {t(`assessmentCycles.ratings.${a.rating}`)}
              </Tag>
              {a.score !== null && (
                <span>
                  {t('assessmentCycles.score')} {a.score}
                </span>
              )}
            </Space>
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {a.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </>
        ) : (
          !a.canSelfAssess && (
            <Typography.Text type="secondary">
              {t('assessmentCycles.my.notPublished')}
            </Typography.Text>
          )
        )}
        {a.appealStatus !== 'none' && (
          <Typography.Paragraph data-testid="my-appeal-status">
            {t('assessmentCycles.appeal')}：{t(`assessmentCycles.appealStatuses.${a.appealStatus}`)}
            {a.appealReply && ` · ${t('assessmentCycles.my.reply')}：${a.appealReply}`}
          </Typography.Paragraph>
        )}
        {a.canAppeal && (
          <>
            {a.appealDeadline && (
              <Typography.Text type="secondary">
                {t('assessmentCycles.my.deadline', { date: a.appealDeadline })}
              </Typography.Text>
            )}
            <Input.TextArea
              rows={3}
              maxLength={2000}
              value={appeal}
              onChange={(e) => setAppeal(e.target.value)}
              placeholder={t('assessmentCycles.appealText')}
              data-testid="my-appeal-text"
            />
            <Button
              danger
              loading={busy}
              disabled={!appeal.trim()}
              onClick={() =>
                void run(
                  () => cyclesApi.appeal(a.cycleId, appeal),
                  t('assessmentCycles.my.appealSent'),
                )
              }
              data-testid="my-appeal-submit"
            >
              {t('assessmentCycles.my.appeal')}
            </Button>
          </>
        )}
      </Space>
    </List.Item>
  );
}

export function MyAssessmentsPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [items, setItems] = useState<MyAssessmentView[] | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let cancelled = false;
    cyclesApi
      .mine()
      .then((d) => {
        if (!cancelled) setItems(d.items);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [reload, onError]);
  if (!items) return <PageSpin />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="my-assessments">
      <Card>
        <div className="cwp-page-header">
          <Typography.Title level={4}>{t('assessmentCycles.my.title')}</Typography.Title>
          <Link to="/me">{t('menu.myDossier')}</Link>
        </div>
        <Typography.Text type="secondary">{t('assessmentCycles.my.intro')}</Typography.Text>
      </Card>
      <Card>
        {items.length === 0 ? (
          <Empty description={t('assessmentCycles.my.empty')} />
        ) : (
          <List
            dataSource={items}
            renderItem={(a) => (
              <Item key={a.cycleId} a={a} onDone={() => setReload((n) => n + 1)} />
            )}
          />
        )}
      </Card>
    </Space>
  );
}
