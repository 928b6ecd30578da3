// 学习课程 (/me/learning/:id): one course for the worker — videos played with a progress heartbeat
// every 10 seconds (the server credits only what the wall clock allows), documents opened and
// marked read, rich text read on the page, and the quiz (one submission key per answer sheet, so
// a double click is counted once).
import type { MyCourseDetail, OnlineItemView, QuizResult } from '@cwp/contracts';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  Collapse,
  Progress,
  Radio,
  Result,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import { learningApi } from './api';

const HEARTBEAT_MS = 10_000;

function newSubmissionKey(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

function VideoItem({ item, onProgress }: { item: OnlineItemView; onProgress: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLVideoElement>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    const beat = () => {
      learningApi
        .heartbeat(item.id, video.currentTime)
        .then((r) => {
          setNote(r.message);
          if (r.progress.completed) onProgress();
        })
        .catch(() => setNote(t('learning.me.heartbeatFailed')));
    };
    const timer = setInterval(() => {
      if (!video.paused) beat();
    }, HEARTBEAT_MS);
    video.addEventListener('play', beat);
    video.addEventListener('pause', beat);
    video.addEventListener('ended', beat);
    return () => {
      clearInterval(timer);
      video.removeEventListener('play', beat);
      video.removeEventListener('pause', beat);
      video.removeEventListener('ended', beat);
    };
  }, [item.id, onProgress, t]);

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <video
        ref={ref}
        controls
        preload="metadata"
        style={{ maxWidth: '100%' }}
        src={learningApi.contentUrl(item.id)}
      />
      {note && <Alert type="warning" showIcon message={note} />}
    </Space>
  );
}

export function MyCoursePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const courseId = Number(id);
  const onError = useRequestError();
  const { message } = AntApp.useApp();
  const [course, setCourse] = useState<MyCourseDetail | null>(null);
  const [answers, setAnswers] = useState<Record<number, number[]>>({});
  const [sheetKey, setSheetKey] = useState(newSubmissionKey);
  const [result, setResult] = useState<QuizResult | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    learningApi.myCourse(courseId).then(setCourse).catch(onError);
  }, [courseId, onError]);
  useEffect(load, [load]);

  if (!course) return <PageSpin />;

  const progressOf = (itemId: number) => course.progress.find((p) => p.itemId === itemId);
  const markRead = async (itemId: number) => {
    try {
      const r = await learningApi.markRead(itemId);
      if (r.courseCompleted) void message.success(t('learning.me.courseDone'));
      load();
    } catch (err) {
      onError(err);
    }
  };
  const submit = async () => {
    setBusy(true);
    try {
      const r = await learningApi.submitQuiz(courseId, {
        submissionKey: sheetKey,
        answers: course.questions.map((q) => ({ questionId: q.id, chosen: answers[q.id] ?? [] })),
      });
      setResult(r);
      if (r.courseCompleted) void message.success(t('learning.me.courseDone'));
      load();
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  const retry = () => {
    setSheetKey(newSubmissionKey());
    setAnswers({});
    setResult(null);
  };
  const allItemsDone = course.itemsCompleted === course.itemCount;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="my-course">
      <Card>
        <div className="cwp-page-header">
          <Typography.Title level={4}>
            {course.title}{' '}
            {course.completedAt && <Tag color="green">{t('learning.me.completed')}</Tag>}
          </Typography.Title>
          <Link to="/me/learning">{t('learning.back')}</Link>
        </div>
        {course.description && <Typography.Paragraph>{course.description}</Typography.Paragraph>}
        <Progress
          percent={
            course.itemCount ? Math.round((course.itemsCompleted / course.itemCount) * 100) : 0
          }
        />
      </Card>
      <Card title={t('learning.items')}>
        <Collapse
          items={course.items.map((i) => {
            const p = progressOf(i.id);
            return {
              key: i.id,
              label: (
                <Space>
                  <Tag>{t(`learning.kinds.${i.kind}`)}</Tag>
                  {i.title}
                  {p?.completed ? <Tag color="green">{t('learning.me.itemDone')}</Tag> : null}
                </Space>
              ),
              children:
                i.kind === 'video' ? (
                  <VideoItem item={i} onProgress={load} />
                ) : (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    {i.kind === 'text' ? (
                      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                        {i.body}
                      </Typography.Paragraph>
                    ) : (
                      <a href={learningApi.contentUrl(i.id)} target="_blank" rel="noreferrer">
                        {t('learning.me.openPdf', { name: i.fileName ?? i.title })}
                      </a>
                    )}
                    <Button
                      disabled={p?.completed}
                      onClick={() => void markRead(i.id)}
                      data-testid={`mark-read-${i.id}`}
                    >
                      {p?.completed ? t('learning.me.itemDone') : t('learning.me.markRead')}
                    </Button>
                  </Space>
                ),
            };
          })}
        />
      </Card>
      {course.questions.length > 0 && (
        <Card title={t('learning.quiz')} data-testid="quiz">
          {course.quizPassed ? (
            <Result
              status="success"
              title={t('learning.me.quizPassed', { score: course.bestScore ?? 0 })}
            />
          ) : result && !result.passed ? (
            <Result
              status="warning"
              title={t('learning.me.quizFailed', {
                score: result.score,
                left: result.attemptsLeft,
              })}
              extra={
                result.attemptsLeft > 0 ? (
                  <Button onClick={retry}>{t('learning.me.retry')}</Button>
                ) : null
              }
            />
          ) : (
            <Space direction="vertical" size={16} style={{ width: '100%' }}>
              {!allItemsDone && (
                <Alert type="info" showIcon message={t('learning.me.itemsFirst')} />
              )}
              {course.questions.map((q, n) => (
                <div key={q.id}>
                  <Typography.Text strong>
                    {n + 1}. {q.prompt}（
                    {q.kind === 'single' ? t('learning.single') : t('learning.multiple')}）
                  </Typography.Text>
                  <div>
                    {q.kind === 'single' ? (
                      <Radio.Group
                        value={answers[q.id]?.[0]}
                        onChange={(e) =>
                          setAnswers((a) => ({ ...a, [q.id]: [Number(e.target.value)] }))
                        }
                        options={q.options.map((o, j) => ({ value: j, label: o }))}
                      />
                    ) : (
                      <Checkbox.Group
                        value={answers[q.id] ?? []}
                        onChange={(v) => setAnswers((a) => ({ ...a, [q.id]: v }))}
                        options={q.options.map((o, j) => ({ value: j, label: o }))}
                      />
                    )}
                  </div>
                </div>
              ))}
              <Typography.Text type="secondary">
                {t('learning.me.attempts', { used: course.attemptsUsed, max: course.maxAttempts })}
              </Typography.Text>
              <Button
                type="primary"
                loading={busy}
                onClick={() => void submit()}
                data-testid="submit-quiz"
              >
                {t('learning.me.submit')}
              </Button>
            </Space>
          )}
        </Card>
      )}
    </Space>
  );
}
