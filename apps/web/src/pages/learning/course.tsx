// 课程编辑 (/learning/:id): a draft course's content (PDF, video with its length, rich text) and
// quiz (single and multiple choice), then publishing. A published course is read-only here.
import type { OnlineCourseDetail, QuizQuestionBody } from '@cwp/contracts';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
  App as AntApp,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { PageSpin } from '../../components/PageSpin';
import { learningApi } from './api';
import { useLearningLabels } from './components/labels';

interface DraftQuestion {
  kind: 'single' | 'multiple';
  prompt: string;
  options: string;
  correct: number[];
  points: number;
}

export function CourseEditorPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const courseId = Number(id);
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const onError = useRequestError();
  const labels = useLearningLabels();
  const [course, setCourse] = useState<OnlineCourseDetail | null>(null);
  const [kind, setKind] = useState<'pdf' | 'video' | 'text'>('pdf');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [questions, setQuestions] = useState<DraftQuestion[]>([]);
  const [itemForm] = Form.useForm<{ title: string; body?: string; durationSeconds?: number }>();

  const load = useCallback(() => {
    learningApi
      .course(courseId)
      .then((c) => {
        setCourse(c);
        setQuestions(
          c.questions.map((q) => ({
            kind: q.kind,
            prompt: q.prompt,
            options: q.options.join('\n'),
            correct: q.correct,
            points: q.points,
          })),
        );
      })
      .catch(onError);
  }, [courseId, onError]);
  useEffect(load, [load]);

  if (!course) return <PageSpin />;
  const editable = can('training:manage') && course.status === 'draft';

  const addItem = async () => {
    const v = await itemForm.validateFields();
    setBusy(true);
    try {
      if (kind === 'text')
        await learningApi.addText(courseId, { title: v.title, body: v.body ?? '' });
      else {
        if (!file) {
          void message.error(t('learning.chooseFile'));
          return;
        }
        await learningApi.uploadFile(courseId, kind, v.title, file, v.durationSeconds);
      }
      itemForm.resetFields();
      setFile(null);
      void message.success(t('learning.itemAdded'));
      load();
    } catch (err) {
      onError(err, itemForm);
    } finally {
      setBusy(false);
    }
  };

  const saveQuiz = async () => {
    const body: QuizQuestionBody[] = questions.map((q) => ({
      kind: q.kind,
      prompt: q.prompt,
      options: q.options
        .split('\n')
        .map((o) => o.trim())
        .filter(Boolean),
      correct: q.correct,
      points: q.points,
    }));
    setBusy(true);
    try {
      const c = await learningApi.replaceQuiz(courseId, {
        version: course.version,
        questions: body,
      });
      setCourse(c);
      void message.success(t('learning.quizSaved'));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const setStatus = async (status: 'draft' | 'published' | 'archived') => {
    setBusy(true);
    try {
      setCourse(await learningApi.update(courseId, { version: course.version, status }));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const patchQuestion = (i: number, patch: Partial<DraftQuestion>) =>
    setQuestions((qs) => qs.map((q, j) => (j === i ? { ...q, ...patch } : q)));

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="course-editor">
      <Card>
        <div className="cwp-page-header">
          <Typography.Title level={4}>
            {course.title} <Tag>{labels.courseStatus(course.status)}</Tag>
          </Typography.Title>
          <Space>
            <Link to="/learning">{t('learning.back')}</Link>
            {can('training:manage') && course.status === 'draft' && (
              <Button type="primary" loading={busy} onClick={() => void setStatus('published')}>
                {t('learning.publish')}
              </Button>
            )}
            {can('training:manage') && course.status === 'published' && (
              <>
                <Button loading={busy} onClick={() => void setStatus('draft')}>
                  {t('learning.unpublish')}
                </Button>
                <Button loading={busy} onClick={() => void setStatus('archived')}>
                  {t('learning.archive')}
                </Button>
              </>
            )}
          </Space>
        </div>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('learning.unit')}>{course.orgUnitName}</Descriptions.Item>
          <Descriptions.Item label={t('learning.ability')}>
            {labels.ability(course.ability)}
          </Descriptions.Item>
          <Descriptions.Item label={t('learning.hours')}>{course.hours}</Descriptions.Item>
          <Descriptions.Item label={t('learning.passMark')}>{course.passMark}</Descriptions.Item>
          <Descriptions.Item label={t('learning.maxAttempts')}>
            {course.maxAttempts}
          </Descriptions.Item>
        </Descriptions>
        {!editable && <Alert type="info" showIcon message={t('learning.readOnly')} />}
      </Card>
      <Card title={t('learning.items')}>
        <List
          dataSource={course.items}
          locale={{ emptyText: t('learning.noItems') }}
          renderItem={(i) => (
            <List.Item>
              <Space>
                <Tag>{t(`learning.kinds.${i.kind}`)}</Tag>
                {i.fileName ? (
                  <a href={learningApi.contentUrl(i.id)} target="_blank" rel="noreferrer">
                    {i.title}
                  </a>
                ) : (
                  i.title
                )}
                {i.durationSeconds ? t('learning.seconds', { n: i.durationSeconds }) : null}
              </Space>
            </List.Item>
          )}
        />
        {editable && (
          <Form form={itemForm} layout="vertical" name="item" style={{ marginTop: 16 }}>
            <Segmented
              value={kind}
              onChange={(v) => setKind(v)}
              options={(['pdf', 'video', 'text'] as const).map((k) => ({
                value: k,
                label: t(`learning.kinds.${k}`),
              }))}
            />
            <Form.Item
              name="title"
              label={t('learning.itemTitle')}
              rules={[{ required: true, message: t('learning.required') }]}
              style={{ marginTop: 12 }}
            >
              <Input maxLength={200} />
            </Form.Item>
            {kind === 'video' && (
              <Form.Item
                name="durationSeconds"
                label={t('learning.duration')}
                rules={[{ required: true, message: t('learning.required') }]}
              >
                <InputNumber min={1} max={86400} />
              </Form.Item>
            )}
            {kind === 'text' ? (
              <Form.Item
                name="body"
                label={t('learning.body')}
                rules={[{ required: true, message: t('learning.required') }]}
              >
                <Input.TextArea rows={6} maxLength={50000} />
              </Form.Item>
            ) : (
              <Form.Item label={t('learning.file')} extra={t(`learning.fileHint.${kind}`)}>
                <input
                  type="file"
                  data-testid="item-file"
                  accept={kind === 'pdf' ? 'application/pdf' : 'video/mp4,video/webm'}
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                />
              </Form.Item>
            )}
            <Button type="primary" loading={busy} onClick={() => void addItem()}>
              {t('learning.addItem')}
            </Button>
          </Form>
        )}
      </Card>
      <Card title={t('learning.quiz')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {questions.map((q, i) => {
            const options = q.options
              .split('\n')
              .map((o) => o.trim())
              .filter(Boolean);
            return (
              <Card
                key={i}
                size="small"
                title={t('learning.questionN', { n: i + 1 })}
                data-testid={`question-${i}`}
              >
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Select
                    disabled={!editable}
                    value={q.kind}
                    style={{ width: 160 }}
                    onChange={(v) => patchQuestion(i, { kind: v, correct: [] })}
                    options={[
                      { value: 'single', label: t('learning.single') },
                      { value: 'multiple', label: t('learning.multiple') },
                    ]}
                  />
                  <Input
                    disabled={!editable}
                    placeholder={t('learning.prompt')}
                    value={q.prompt}
                    onChange={(e) => patchQuestion(i, { prompt: e.target.value })}
                  />
                  <Input.TextArea
                    disabled={!editable}
                    rows={3}
                    placeholder={t('learning.optionsHint')}
                    value={q.options}
                    onChange={(e) => patchQuestion(i, { options: e.target.value, correct: [] })}
                  />
                  <Typography.Text>{t('learning.correct')}</Typography.Text>
                  <Checkbox.Group
                    disabled={!editable}
                    value={q.correct}
                    onChange={(v) =>
                      patchQuestion(i, { correct: q.kind === 'single' ? v.slice(-1) : v })
                    }
                    options={options.map((o, j) => ({ value: j, label: o }))}
                  />
                  <Space>
                    {t('learning.points')}
                    <InputNumber
                      disabled={!editable}
                      min={1}
                      max={100}
                      value={q.points}
                      onChange={(v) => patchQuestion(i, { points: v ?? 1 })}
                    />
                    {editable && (
                      <Button
                        danger
                        onClick={() => setQuestions((qs) => qs.filter((_, j) => j !== i))}
                      >
                        {t('learning.remove')}
                      </Button>
                    )}
                  </Space>
                </Space>
              </Card>
            );
          })}
          {editable && (
            <Space>
              <Button
                onClick={() =>
                  setQuestions((qs) => [
                    ...qs,
                    { kind: 'single', prompt: '', options: '', correct: [], points: 10 },
                  ])
                }
              >
                {t('learning.addQuestion')}
              </Button>
              <Button type="primary" loading={busy} onClick={() => void saveQuiz()}>
                {t('learning.saveQuiz')}
              </Button>
            </Space>
          )}
        </Space>
      </Card>
    </Space>
  );
}
