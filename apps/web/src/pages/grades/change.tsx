// One grade change request (the approval's link target): worker, grades, date, reason, the rule
// version and explanation for an initial grading, and its status.
import type { GradeChangeView } from '@cwp/contracts';
import { Card, Descriptions, Result, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import { gradesApi } from './api';

export function GradeChangePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const changeId = /^\d{1,12}$/.test(id ?? '') ? Number(id) : undefined;
  const onError = useRequestError();
  const [change, setChange] = useState<GradeChangeView | null>(null);
  const [missing, setMissing] = useState(changeId === undefined);

  useEffect(() => {
    if (changeId === undefined) return;
    let cancelled = false;
    gradesApi
      .change(changeId)
      .then((c) => {
        if (!cancelled) setChange(c);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [changeId, onError]);

  if (missing)
    return (
      <Result status="404" title={t('errors.notFoundTitle')} subTitle={t('errors.notFound')} />
    );
  if (!change) return <PageSpin />;
  const gradeText = (g: number | null) =>
    g === null ? t('grades.noGrade') : t('grades.gradeValue', { grade: g });

  return (
    <Card>
      <Typography.Title level={4}>{t('grades.changeTitle', { id: change.id })}</Typography.Title>
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('grades.worker')}>
          <Link to={`/workers/${change.workerId}?tab=grade`}>{change.workerName}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('grades.kind')}>
          {t(`grades.changeKinds.${change.kind}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('grades.toGrade')}>
          {t('grades.fromTo', { from: gradeText(change.fromGrade), to: gradeText(change.toGrade) })}
        </Descriptions.Item>
        <Descriptions.Item label={t('grades.effectiveDate')}>
          {change.effectiveDate}
        </Descriptions.Item>
        <Descriptions.Item label={t('grades.adjustReason')}>{change.reason}</Descriptions.Item>
        {change.explanation && (
          <Descriptions.Item label={t('grades.explanation')}>
            {change.explanation}
          </Descriptions.Item>
        )}
        {change.ruleSetId !== null && (
          <Descriptions.Item label={t('grades.ruleSets')}>
            <Link to={`/rule-sets/${change.ruleSetId}`}>
              {t('grades.ruleRef', { id: change.ruleSetId, version: change.ruleVersionNo ?? '' })}
            </Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('grades.status')}>
          <Tag>{t(`grades.changeStatuses.${change.status}`)}</Tag>
        </Descriptions.Item>
        {change.approvalId !== null && (
          <Descriptions.Item label={t('grades.approval')}>
            <Link to={`/approvals/${change.approvalId}`}>#{change.approvalId}</Link>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}
