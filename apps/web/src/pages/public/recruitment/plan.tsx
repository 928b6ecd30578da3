// A published plan's public page (no login, phone-friendly): the announcement, posts and
// conditions, the online application form, attachments after applying, and the public notice.
import { applyBody, type ApplyResult, type PublicPlanView } from '@cwp/contracts';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  List,
  Result,
  Select,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { publicApi } from '../../recruitment/api';
import { PublicShell, usePublicError } from './PublicShell';

type Options = Awaited<ReturnType<typeof publicApi.options>>;

interface ApplyValues {
  postId: number;
  name: string;
  idNumber: string;
  phone: string;
  ethnicity: string;
  politicalStatus: string;
  education: string;
  school?: string;
  major?: string;
  householdRegistration: string;
  qualification?: string;
  certNumber?: string;
}

export function PublicPlanPage() {
  const { id } = useParams();
  const planId = Number(id);
  const { t } = useTranslation();
  const onError = usePublicError();
  const [plan, setPlan] = useState<PublicPlanView | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [options, setOptions] = useState<Options | null>(null);
  const [done, setDone] = useState<(ApplyResult & { idNumber: string }) | null>(null);
  const [uploaded, setUploaded] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [form] = Form.useForm<ApplyValues>();

  useEffect(() => {
    publicApi
      .plan(planId)
      .then(setPlan)
      .catch((err: unknown) => setMissing(err instanceof Error ? err.message : ''));
    publicApi.options().then(setOptions).catch(onError);
  }, [planId, onError]);

  if (missing !== null)
    return (
      <PublicShell>
        <Result
          status="404"
          title={missing}
          extra={<Link to="/public/recruitment">{t('common.back')}</Link>}
        />
      </PublicShell>
    );
  if (!plan)
    return (
      <PublicShell>
        <Card loading />
      </PublicShell>
    );

  const label = (
    list: { code: string; label: string }[] | undefined,
    code: string | null | undefined,
  ) => list?.find((o) => o.code === code)?.label ?? code ?? '';
  const c = plan.conditions;
  const toOptions = (list: { code: string; label: string }[] | undefined) =>
    (list ?? []).map((o) => ({ value: o.code, label: o.label }));

  const submit = (v: ApplyValues) => {
    // The same schema as the server: the ID number check answers at once, politely.
    const parsed = applyBody.safeParse({
      ...v,
      school: v.school?.trim() || null,
      major: v.major?.trim() || null,
      qualification: v.qualification ?? null,
      certNumber: v.certNumber?.trim() || null,
    });
    if (!parsed.success) {
      form.setFields(
        parsed.error.issues.map((i) => ({
          name: String(i.path[0]) as keyof ApplyValues,
          errors: [i.message],
        })),
      );
      return;
    }
    setSubmitting(true);
    publicApi
      .apply(planId, parsed.data)
      .then((r) => setDone({ ...r, idNumber: parsed.data.idNumber }))
      .catch((err: unknown) => onError(err, form))
      .finally(() => setSubmitting(false));
  };

  return (
    <PublicShell>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Card title={plan.title}>
          <Typography.Paragraph type="secondary">
            {plan.orgUnitName} · {t('recruitment.applicationWindow')} {plan.applicationStart} ~{' '}
            {plan.applicationEnd}
            {plan.examDate ? ` · ${t('recruitment.examDate')} ${plan.examDate}` : ''}
          </Typography.Paragraph>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
            {plan.announcement}
          </Typography.Paragraph>
          <Typography.Title level={5}>{t('recruitment.public.posts')}</Typography.Title>
          <List
            size="small"
            dataSource={plan.posts}
            renderItem={(p) => (
              <List.Item>
                {p.title}（{p.orgUnitName}）× {p.headcount}
              </List.Item>
            )}
          />
          <Typography.Title level={5}>{t('recruitment.public.conditions')}</Typography.Title>
          <ul style={{ paddingLeft: 20 }}>
            <li>
              {t('recruitment.public.age', {
                min: c.ageMin,
                max: c.ageMax,
                ref: t(`recruitment.ageReferences.${c.ageReference}`),
              })}
            </li>
            <li>
              {t('recruitment.public.education', {
                label: label(options?.education, c.minEducation),
              })}
            </li>
            {c.majors?.length ? (
              <li>{t('recruitment.public.majors', { list: c.majors.join('、') })}</li>
            ) : null}
            {c.householdRegistration ? (
              <li>{t('recruitment.public.household', { value: c.householdRegistration })}</li>
            ) : null}
            {c.requiredQualification ? (
              <li>
                {t('recruitment.public.qualification', {
                  label: label(options?.qualification, c.requiredQualification),
                })}
              </li>
            ) : null}
            <li>
              {t('recruitment.public.weights', {
                w: plan.weights.writtenExam,
                i: plan.weights.interview,
              })}
            </li>
          </ul>
        </Card>

        {plan.notice.length > 0 && (
          <Card title={t('recruitment.public.notice')}>
            <Table
              rowKey={(r) => `${r.idNumberMasked}-${r.postTitle}`}
              size="small"
              pagination={false}
              scroll={{ x: true }}
              dataSource={plan.notice}
              columns={[
                { title: t('recruitment.name'), dataIndex: 'name' },
                { title: t('recruitment.idNumber'), dataIndex: 'idNumberMasked' },
                { title: t('recruitment.public.post'), dataIndex: 'postTitle' },
                { title: t('recruitment.combinedScore'), dataIndex: 'combinedScore' },
                {
                  title: t('recruitment.noticeEnd'),
                  render: (_, r) =>
                    t('recruitment.public.noticePeriod', {
                      start: r.noticeStart,
                      end: r.noticeEnd,
                    }),
                },
              ]}
            />
          </Card>
        )}

        <Card title={t('recruitment.public.applyTitle')}>
          {done ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Result
                status="success"
                title={t('recruitment.public.applied')}
                subTitle={
                  <span data-testid="application-code">
                    {t('recruitment.public.yourCode', { code: done.code })}
                  </span>
                }
              />
              <Alert type="info" showIcon message={t('recruitment.public.keepCode')} />
              {done.eligible ? (
                <Alert type="success" message={t('recruitment.public.eligibleHint')} />
              ) : (
                <Alert
                  type="warning"
                  message={t('recruitment.public.ineligibleHint')}
                  description={done.reasons.map((r) => (
                    <div key={r}>{r}</div>
                  ))}
                />
              )}
              <Typography.Text>{t('recruitment.public.uploadTitle')}</Typography.Text>
              <Upload
                accept=".pdf,.png,.jpg,.jpeg"
                showUploadList={false}
                beforeUpload={(file) => {
                  publicApi
                    .attach(done.idNumber, done.code, file)
                    .then((r) => setUploaded((u) => [...u, r.fileName]))
                    .catch(onError);
                  return false;
                }}
              >
                <Button>{t('recruitment.public.upload')}</Button>
              </Upload>
              {uploaded.map((n) => (
                <div key={n}>{t('recruitment.public.uploaded', { name: n })}</div>
              ))}
              <Link to={`/public/recruitment/status?code=${done.code}`}>
                {t('recruitment.public.statusLink')}
              </Link>
            </Space>
          ) : !plan.open ? (
            <Alert type="warning" message={t('recruitment.public.applyClosed')} />
          ) : (
            <Form
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{ postId: plan.posts[0]?.id }}
            >
              <Form.Item
                name="postId"
                label={t('recruitment.public.post')}
                rules={[{ required: true }]}
              >
                <Select
                  options={plan.posts.map((p) => ({
                    value: p.id,
                    label: `${p.title}（${p.orgUnitName}）`,
                  }))}
                />
              </Form.Item>
              <Form.Item name="name" label={t('recruitment.name')} rules={[{ required: true }]}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item
                name="idNumber"
                label={t('recruitment.idNumber')}
                rules={[{ required: true }]}
              >
                <Input maxLength={18} autoComplete="off" />
              </Form.Item>
              <Form.Item name="phone" label={t('recruitment.phone')} rules={[{ required: true }]}>
                <Input maxLength={20} inputMode="tel" />
              </Form.Item>
              <Form.Item
                name="ethnicity"
                label={t('recruitment.public.ethnicity')}
                rules={[{ required: true }]}
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={toOptions(options?.ethnicity)}
                />
              </Form.Item>
              <Form.Item
                name="politicalStatus"
                label={t('recruitment.public.politicalStatus')}
                rules={[{ required: true }]}
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={toOptions(options?.politicalStatus)}
                />
              </Form.Item>
              <Form.Item
                name="education"
                label={t('recruitment.education')}
                rules={[{ required: true }]}
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  options={toOptions(options?.education)}
                />
              </Form.Item>
              <Form.Item name="school" label={t('recruitment.school')}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="major" label={t('recruitment.major')}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item
                name="householdRegistration"
                label={t('recruitment.public.householdRegistration')}
                rules={[{ required: true }]}
              >
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="qualification" label={t('recruitment.public.qualification2')}>
                <Select
                  allowClear
                  placeholder={t('recruitment.public.none2')}
                  options={toOptions(options?.qualification)}
                />
              </Form.Item>
              <Form.Item name="certNumber" label={t('recruitment.public.certNumber')}>
                <Input maxLength={50} />
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                block
                loading={submitting}
                data-testid="apply-submit"
              >
                {t('recruitment.public.apply')}
              </Button>
            </Form>
          )}
        </Card>
      </Space>
    </PublicShell>
  );
}
