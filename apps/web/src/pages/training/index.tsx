// /training: the organiser's screen — plans, the course, trainer and base libraries, sessions, the
// compliance report and the training rules, one tab each (the tab is kept in ?tab=).
import { Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ComplianceTab } from './components/ComplianceTab';
import { BasesTab, CoursesTab, TrainersTab } from './components/LibraryTabs';
import { PlansTab } from './components/PlansTab';
import { RulesTab } from './components/RulesTab';
import { SessionsTab } from './components/SessionsTab';

const TABS = ['sessions', 'plans', 'courses', 'trainers', 'bases', 'compliance', 'rules'] as const;
type Tab = (typeof TABS)[number];

export function TrainingPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((x) => x === params.get('tab')) ?? 'sessions';
  const body: Record<Tab, React.ReactNode> = {
    sessions: <SessionsTab />,
    plans: <PlansTab />,
    courses: <CoursesTab />,
    trainers: <TrainersTab />,
    bases: <BasesTab />,
    compliance: <ComplianceTab />,
    rules: <RulesTab />,
  };
  return (
    <Card>
      <Typography.Title level={3}>{t('training.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('training.intro')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k })}
        destroyOnHidden
        items={TABS.map((k) => ({ key: k, label: t(`training.tabs.${k}`), children: body[k] }))}
      />
    </Card>
  );
}
