// Home: the role panels (leader: dashboard summary; HR officer: pending work; worker:
// self-service), then who and where the user is, and the screens their permissions open.
import { ApartmentOutlined, KeyOutlined, UserOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/context';
import { visibleNavItems } from '../../layout/nav';
import { HrPanel, LeaderPanel, WorkerPanel } from './panels';
import { homePanels } from './role';

export function HomePage() {
  const { t } = useTranslation();
  const { user, can } = useAuth();
  if (!user) return null;
  const links = visibleNavItems(user, can);
  const panels = homePanels(user);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {panels.includes('leader') && <LeaderPanel />}
      {panels.includes('hr') && <HrPanel />}
      {panels.includes('worker') && <WorkerPanel />}
      <Card data-testid="welcome-card">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: user.displayName })}
        </Typography.Title>
        <Descriptions
          column={{ xs: 1, sm: 1, md: 3 }}
          items={[
            {
              key: 'org',
              label: (
                <Space size={4}>
                  <ApartmentOutlined />
                  {t('home.orgUnit')}
                </Space>
              ),
              children: (
                <Space size={6}>
                  <span data-testid="home-org-unit">{user.orgUnit.name}</span>
                  <Tag>{t(`level.${user.orgUnit.level}`)}</Tag>
                </Space>
              ),
            },
            {
              key: 'username',
              label: (
                <Space size={4}>
                  <UserOutlined />
                  {t('home.username')}
                </Space>
              ),
              children: user.username,
            },
            {
              key: 'roles',
              label: t('home.roles'),
              children: (
                <Space size={[4, 4]} wrap>
                  {user.roles.map((r) => (
                    <Tag color="blue" key={r.code}>
                      {r.name}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('home.quickLinks')}>
        {links.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noLinks')} />
        )}
        <Row gutter={[16, 16]}>
          {links.map((item) => (
            <Col key={item.path} xs={24} sm={12} lg={8} xl={6}>
              <Link to={item.path}>
                <Card hoverable size="small" className="cwp-quick-link">
                  <Card.Meta
                    avatar={<span className="cwp-quick-link-icon">{item.icon}</span>}
                    title={t(item.label)}
                    description={t(item.description)}
                  />
                </Card>
              </Link>
            </Col>
          ))}
          <Col xs={24} sm={12} lg={8} xl={6}>
            <Link to="/change-password">
              <Card hoverable size="small" className="cwp-quick-link">
                <Card.Meta
                  avatar={
                    <span className="cwp-quick-link-icon">
                      <KeyOutlined />
                    </span>
                  }
                  title={t('header.changePassword')}
                  description={t('home.linkChangePassword')}
                />
              </Card>
            </Link>
          </Col>
        </Row>
      </Card>
    </Space>
  );
}
