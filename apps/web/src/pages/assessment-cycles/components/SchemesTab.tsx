// The assessment scheme (考核方案) in force for the user's unit. The scheme is a career-system rule
// set (kind assessment_scheme): it is edited, versioned and approved on the rule-set screens, so
// this tab only shows what applies and links there.
import { assessmentSchemeContent, type InForceResult } from '@cwp/contracts';
import { ASSESSMENT_RATINGS, ASSESSMENT_SCORE_SOURCES } from '@cwp/core';
import { Alert, Button, Card, Descriptions, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../../api/useRequestError';
import { useAuth } from '../../../auth/context';
import { ruleSetsApi } from '../../rule-sets/api';

export function SchemesTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const onError = useRequestError();
  const [result, setResult] = useState<InForceResult | null>(null);
  const readable = can('rule:read');

  useEffect(() => {
    if (!readable) return;
    let cancelled = false;
    ruleSetsApi
      .inForce({ kind: 'assessment_scheme' })
      .then((r) => {
        if (!cancelled) setResult(r);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [readable, onError]);

  const rs = result?.ruleSet ?? null;
  const parsed = rs ? assessmentSchemeContent.safeParse(rs.content) : null;
  const content = parsed?.success ? parsed.data : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('assessmentCycles.schemeHint')} />
      {readable && (
        <Card
          size="small"
          title={t('assessmentCycles.schemeInForce')}
          loading={!result}
          extra={
            <Link to="/rule-sets" data-testid="scheme-rule-sets-link">
              <Button size="small">{t('assessmentCycles.manageRuleSets')}</Button>
            </Link>
          }
          data-testid="scheme-in-force"
        >
          {result && !rs && <span>{t('assessmentCycles.schemeNone')}</span>}
          {rs && (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Space wrap>
                <Link to={`/rule-sets/${rs.id}`}>{`${rs.name} · v${rs.versionNo}`}</Link>
                <span>{`${rs.orgUnitName} · ${t('assessmentCycles.effectiveFrom')} ${rs.effectiveFrom}`}</span>
                {result?.inherited && <Tag>{t('assessmentCycles.schemeInherited')}</Tag>}
              </Space>
              {content && (
                <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                  {ASSESSMENT_SCORE_SOURCES.map((src) => (
                    <Descriptions.Item key={src} label={t(`assessmentCycles.sources.${src}`)}>
                      {content.sourceWeights[src]}%
                    </Descriptions.Item>
                  ))}
                  <Descriptions.Item label={t('assessmentCycles.vetoSatisfaction')}>
                    {content.vetoes.minSatisfactionPct ?? '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('assessmentCycles.vetoAbsence')}>
                    {content.vetoes.maxUnexcusedAbsenceDays ?? '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('assessmentCycles.cap')}>
                    {content.excellentCapPct}%
                  </Descriptions.Item>
                  <Descriptions.Item label={t('assessmentCycles.appealWindow')}>
                    {content.appealWindowDays}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('assessmentCycles.payLevels')}>
                    {ASSESSMENT_RATINGS.map(
                      (r) =>
                        `${t(`assessmentCycles.ratings.${r}`)} ${content.effects.payLevels[r]}`,
                    ).join('，')}
                  </Descriptions.Item>
                </Descriptions>
              )}
            </Space>
          )}
        </Card>
      )}
    </Space>
  );
}
