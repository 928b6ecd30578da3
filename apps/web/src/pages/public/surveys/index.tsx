// /public/surveys/:campaignId?code=...: the resident's phone form, no login. The code comes from
// the QR link (or is typed in), the resident says who they are, rates the community team and each
// worker (photo and name), and submits once. Refusals (used, unknown, expired code; survey not
// open) are the server's polite messages.
import {
  RESPONDENT_TYPES,
  type PublicSurveyView,
  type RespondentType,
  type SurveyQuestion,
} from '@cwp/contracts';
import { UserOutlined } from '@ant-design/icons';
import {
  Alert,
  Avatar,
  Button,
  Card,
  Form,
  Input,
  Radio,
  Rate,
  Result,
  Space,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { LanguageSwitch } from '../../../components/LanguageSwitch';
import { publicSurveysApi } from '../../surveys/api';

type Ratings = Record<string, number>;
const keyOf = (q: string, w: number | null) => `${q}|${w ?? ''}`;

function QuestionRow(props: {
  q: SurveyQuestion;
  workerId: number | null;
  max: number;
  value: number | undefined;
  onChange: (v: number) => void;
  lang: string;
}) {
  return (
    <div style={{ padding: '6px 0' }}>
      <div>{props.lang.startsWith('en') && props.q.textEn ? props.q.textEn : props.q.text}</div>
      <Rate
        count={props.max}
        value={props.value ?? 0}
        onChange={props.onChange}
        style={{ fontSize: 28 }}
        data-testid={`rate-${props.q.key}-${props.workerId ?? 'team'}`}
      />
    </div>
  );
}

export function PublicSurveyPage() {
  const { t, i18n } = useTranslation();
  const campaignId = Number(useParams().campaignId);
  const [params] = useSearchParams();
  const [survey, setSurvey] = useState<PublicSurveyView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [code, setCode] = useState(params.get('code') ?? '');
  const [type, setType] = useState<RespondentType | undefined>();
  const [ratings, setRatings] = useState<Ratings>({});
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    publicSurveysApi
      .get(campaignId)
      .then(setSurvey)
      .catch((err: unknown) =>
        setLoadError(err instanceof ApiError ? err.message : t('errors.unknown')),
      );
  }, [campaignId, t]);

  const set = (k: string) => (v: number) => setRatings((r) => ({ ...r, [k]: v }));

  const submit = () => {
    if (!survey) return;
    const answers: { questionKey: string; workerId: number | null; rating: number }[] = [];
    for (const q of survey.questions) {
      const targets = q.target === 'team' ? [null] : survey.workers.map((w) => w.workerId);
      for (const w of targets) {
        const r = ratings[keyOf(q.key, w)];
        if (r) answers.push({ questionKey: q.key, workerId: w, rating: r });
      }
    }
    const expected =
      survey.questions.filter((q) => q.target === 'team').length +
      survey.questions.filter((q) => q.target === 'worker').length * survey.workers.length;
    if (!type || answers.length !== expected || !code.trim()) {
      setError(t('surveys.public.answerAll'));
      return;
    }
    setError(null);
    setSending(true);
    publicSurveysApi
      .submit(campaignId, {
        code: code.trim(),
        respondentType: type,
        answers,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      })
      .then((r) => setDone(r.message))
      .catch((err: unknown) =>
        setError(
          err instanceof ApiError
            ? (err.details.find((d) => d.path)?.message ?? err.message)
            : t('errors.unknown'),
        ),
      )
      .finally(() => setSending(false));
  };

  const teamQuestions = survey?.questions.filter((q) => q.target === 'team') ?? [];
  const workerQuestions = survey?.questions.filter((q) => q.target === 'worker') ?? [];

  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <div
        style={{
          background: '#fff',
          padding: '10px 12px',
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
        }}
      >
        <Typography.Text strong>{t('surveys.public.heading')}</Typography.Text>
        <LanguageSwitch />
      </div>
      <div style={{ maxWidth: 640, margin: '0 auto', padding: 10 }}>
        {loadError && (
          <Alert type="info" showIcon message={loadError} data-testid="survey-closed" />
        )}
        {done && <Result status="success" title={t('surveys.public.thanks')} subTitle={done} />}
        {survey && !done && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Card size="small">
              <Typography.Title level={4} style={{ marginTop: 0 }}>
                {survey.title}
              </Typography.Title>
              <Typography.Text type="secondary">
                {survey.orgUnitName} · {t('surveys.public.closesOn', { date: survey.closesOn })}
              </Typography.Text>
              <Typography.Paragraph style={{ marginTop: 8 }}>
                {t('surveys.public.intro')}
              </Typography.Paragraph>
              <Form layout="vertical">
                <Form.Item label={t('surveys.public.code')} required>
                  <Input
                    value={code}
                    onChange={(e) => setCode(e.target.value)}
                    placeholder={t('surveys.public.codePlaceholder')}
                    autoComplete="off"
                    maxLength={40}
                    data-testid="survey-code"
                  />
                </Form.Item>
                <Form.Item label={t('surveys.public.respondentType')} required>
                  <Radio.Group
                    value={type}
                    onChange={(e) => setType(e.target.value as RespondentType)}
                    data-testid="survey-type"
                  >
                    <Space direction="vertical">
                      {RESPONDENT_TYPES.map((r) => (
                        <Radio key={r} value={r}>
                          {t(`surveys.respondentTypes.${r}`)}
                        </Radio>
                      ))}
                    </Space>
                  </Radio.Group>
                </Form.Item>
              </Form>
              <Typography.Text type="secondary">
                {t('surveys.public.ratingHint', { max: survey.scaleMax })}
              </Typography.Text>
            </Card>
            {teamQuestions.length > 0 && (
              <Card size="small" title={t('surveys.public.teamSection')}>
                {teamQuestions.map((q) => (
                  <QuestionRow
                    key={q.key}
                    q={q}
                    workerId={null}
                    max={survey.scaleMax}
                    value={ratings[keyOf(q.key, null)]}
                    onChange={set(keyOf(q.key, null))}
                    lang={i18n.language}
                  />
                ))}
              </Card>
            )}
            {workerQuestions.length > 0 &&
              survey.workers.map((w) => (
                <Card
                  size="small"
                  key={w.workerId}
                  data-testid={`worker-card-${w.workerId}`}
                  title={
                    <Space>
                      <Avatar size={48} src={w.photoUrl ?? undefined} icon={<UserOutlined />} />
                      <span>
                        {w.name}
                        <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                          {w.post}
                        </Typography.Text>
                      </span>
                    </Space>
                  }
                >
                  {workerQuestions.map((q) => (
                    <QuestionRow
                      key={q.key}
                      q={q}
                      workerId={w.workerId}
                      max={survey.scaleMax}
                      value={ratings[keyOf(q.key, w.workerId)]}
                      onChange={set(keyOf(q.key, w.workerId))}
                      lang={i18n.language}
                    />
                  ))}
                </Card>
              ))}
            <Card size="small">
              <Typography.Text>{t('surveys.public.comment')}</Typography.Text>
              <Input.TextArea
                rows={3}
                maxLength={500}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            </Card>
            {error && <Alert type="warning" showIcon message={error} data-testid="survey-error" />}
            <Button
              type="primary"
              size="large"
              block
              loading={sending}
              onClick={submit}
              data-testid="survey-submit"
            >
              {t('surveys.public.submit')}
            </Button>
          </Space>
        )}
      </div>
    </div>
  );
}
