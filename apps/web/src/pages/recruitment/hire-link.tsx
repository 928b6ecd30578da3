// Where an approval or notification about a hire points: opens the plan's hire tab.
import { Result, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { recruitmentApi } from './api';

export function RecruitmentHireLink() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const onError = useRequestError();
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    recruitmentApi
      .hire(Number(id))
      .then((h) => navigate(`/recruitment/${h.planId}?tab=hire`, { replace: true }))
      .catch((err: unknown) => {
        setMissing(true);
        onError(err);
      });
  }, [id, navigate, onError]);
  return missing ? (
    <Result
      status="404"
      title={t('recruitment.notFound')}
      extra={<Link to="/recruitment">{t('recruitment.back')}</Link>}
    />
  ) : (
    <Spin />
  );
}
