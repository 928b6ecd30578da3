// One recruitment plan: its terms and the actions its state allows (edit, submit, approve or
// return, publish), then one tab per stage from applications to hire.
import type { ApplicationView, PlanView } from '@cwp/contracts';
import {
  App,
  Button,
  Card,
  Descriptions,
  Input,
  Result,
  Space,
  Spin,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useRequestError } from '../../api/useRequestError';
import { useDictionaries } from '../../components/useDictionaries';
import { recruitmentApi, type PlanAction } from './api';
import { ApplicationsTab } from './components/ApplicationsTab';
import { ChecksTab, NoticeTab } from './components/ChecksTab';
import { HireTab } from './components/HireTab';
import { PlanForm } from './components/PlanForm';
import { RankingTab, ScoresTab } from './components/ScoresTab';
import { PlanStatusTag } from './index';

export function RecruitmentPlanPage() {
  const { id } = useParams();
  const planId = Number(id);
  const [params, setParams] = useSearchParams();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const onError = useRequestError();
  const dict = useDictionaries(onError);
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [apps, setApps] = useState<ApplicationView[]>([]);
  const [missing, setMissing] = useState(false);
  const [editing, setEditing] = useState(false);

  const load = useCallback(() => {
    recruitmentApi
      .get(planId)
      .then((p) => {
        setPlan(p);
        if (p.status === 'published' || p.status === 'closed')
          return recruitmentApi.applications(planId).then((r) => setApps(r.items));
        return undefined;
      })
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else onError(err);
      });
  }, [planId, onError]);
  useEffect(load, [load]);

  if (missing)
    return (
      <Result
        status="404"
        title={t('recruitment.notFound')}
        extra={<Link to="/recruitment">{t('recruitment.back')}</Link>}
      />
    );
  if (!plan) return <Spin />;

  const act = (action: PlanAction) => {
    const go = (comment?: string) =>
      recruitmentApi
        .act(plan.id, action, plan.version, comment)
        .then((p) => {
          setPlan(p);
          void message.success(t('recruitment.saved'));
          load();
        })
        .catch(onError);
    if (action !== 'return') {
      void go();
      return;
    }
    let reason = '';
    modal.confirm({
      title: t('recruitment.returnReason'),
      content: <Input.TextArea rows={3} onChange={(e) => (reason = e.target.value)} />,
      onOk: () => go(reason.trim() || t('recruitment.return')),
    });
  };

  const c = plan.conditions;
  const manage = plan.abilities.manage;
  const overview = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {plan.abilities.edit && (
          <Button onClick={() => setEditing(true)}>{t('recruitment.edit')}</Button>
        )}
        {plan.abilities.submit && (
          <Button type="primary" onClick={() => act('submit')} data-testid="plan-submit">
            {t('recruitment.submit')}
          </Button>
        )}
        {plan.abilities.decide && (
          <>
            <Button type="primary" onClick={() => act('approve')} data-testid="plan-approve">
              {t('recruitment.approve')}
            </Button>
            <Button onClick={() => act('return')}>{t('recruitment.return')}</Button>
          </>
        )}
        {plan.abilities.publish && (
          <Button type="primary" onClick={() => act('publish')} data-testid="plan-publish">
            {t('recruitment.publish')}
          </Button>
        )}
        {(plan.status === 'published' || plan.status === 'closed') && (
          <Link to={`/public/recruitment/${plan.id}`} target="_blank">
            {t('recruitment.publicLink')}
          </Link>
        )}
        {plan.approvalId !== null && (
          <Link to={`/approvals/${plan.approvalId}`}>{t('recruitment.openApproval')}</Link>
        )}
      </Space>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('recruitment.orgUnit')}>{plan.orgUnitName}</Descriptions.Item>
        <Descriptions.Item label={t('recruitment.status')}>
          <PlanStatusTag status={plan.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('recruitment.applicationWindow')}>
          {plan.applicationStart} ~ {plan.applicationEnd}
        </Descriptions.Item>
        <Descriptions.Item label={t('recruitment.examDate')}>
          {plan.examDate ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('recruitment.conditions')} span={2}>
          {t('recruitment.public.age', {
            min: c.ageMin,
            max: c.ageMax,
            ref: t(`recruitment.ageReferences.${c.ageReference}`),
          })}
          ；{t('recruitment.public.education', { label: dict.label('education', c.minEducation) })}
          {c.majors?.length
            ? `；${t('recruitment.public.majors', { list: c.majors.join('、') })}`
            : ''}
          {c.householdRegistration
            ? `；${t('recruitment.public.household', { value: c.householdRegistration })}`
            : ''}
          {c.requiredQualification
            ? `；${t('recruitment.public.qualification', {
                label: dict.label('social_work_qualification', c.requiredQualification),
              })}`
            : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('recruitment.weights')}>
          {t('recruitment.public.weights', {
            w: plan.weights.writtenExam,
            i: plan.weights.interview,
          })}
        </Descriptions.Item>
        <Descriptions.Item label={t('recruitment.tieBreak')}>
          {t(`recruitment.tieBreaks.${plan.tieBreak}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('recruitment.noticeDays')}>
          {plan.publicNoticeWorkingDays}
        </Descriptions.Item>
        <Descriptions.Item label={t('recruitment.conditions')}>
          {plan.ruleSetId !== null
            ? t('recruitment.ruleUsed', { id: plan.ruleSetId, version: plan.ruleVersionNo })
            : t('recruitment.noRule')}
        </Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={plan.posts}
        columns={[
          { title: t('recruitment.postTitle'), dataIndex: 'title' },
          { title: t('recruitment.postUnit'), dataIndex: 'orgUnitName' },
          {
            title: t('recruitment.post'),
            dataIndex: 'post',
            render: (v: string) => dict.label('post', v),
          },
          {
            title: t('recruitment.category'),
            dataIndex: 'category',
            render: (v: string) => dict.label('worker_category', v),
          },
          { title: t('recruitment.headcount'), dataIndex: 'headcount' },
        ]}
      />
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
        {plan.announcement}
      </Typography.Paragraph>
    </Space>
  );

  const running = plan.status === 'published' || plan.status === 'closed';
  const tabProps = { planId: plan.id, apps, canManage: manage, onChanged: load };
  return (
    <Card
      title={
        <Space>
          <Link to="/recruitment">{t('recruitment.title')}</Link>/<span>{plan.title}</span>
        </Space>
      }
    >
      <Tabs
        activeKey={running ? (params.get('tab') ?? 'overview') : 'overview'}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          { key: 'overview', label: t('recruitment.tabs.overview'), children: overview },
          ...(running
            ? [
                {
                  key: 'applications',
                  label: `${t('recruitment.tabs.applications')}（${apps.length}）`,
                  children: <ApplicationsTab {...tabProps} />,
                },
                {
                  key: 'scores',
                  label: t('recruitment.tabs.scores'),
                  children: <ScoresTab {...tabProps} />,
                },
                {
                  key: 'ranking',
                  label: t('recruitment.tabs.ranking'),
                  children: <RankingTab planId={plan.id} canManage={manage} onChanged={load} />,
                },
                {
                  key: 'checks',
                  label: t('recruitment.tabs.checks'),
                  children: <ChecksTab {...tabProps} />,
                },
                {
                  key: 'notice',
                  label: t('recruitment.tabs.notice'),
                  children: <NoticeTab {...tabProps} />,
                },
                {
                  key: 'hire',
                  label: t('recruitment.tabs.hire'),
                  children: <HireTab {...tabProps} />,
                },
              ]
            : []),
        ]}
      />
      <PlanForm
        open={editing}
        plan={plan}
        onClose={() => setEditing(false)}
        onSaved={(p) => {
          setEditing(false);
          setPlan(p);
        }}
      />
    </Card>
  );
}
