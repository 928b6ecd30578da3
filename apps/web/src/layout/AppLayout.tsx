// The signed-in frame: header (org unit, user menu, language), a menu with only the screens the
// user's permissions allow, and the page in the content area.
import {
  ApartmentOutlined,
  DownOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App, Avatar, Dropdown, Layout, Menu, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/context';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { visibleNavItems } from './nav';
import { NotificationBell } from './NotificationBell';
import './notification-bell.css';

const { Header, Sider, Content, Footer } = Layout;

export function AppLayout() {
  const { t } = useTranslation();
  const { user, can, logout } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const items = [
    { key: '/', icon: <HomeOutlined />, label: t('menu.home') },
    ...visibleNavItems(user, can).map((item) => ({
      key: item.path,
      icon: item.icon,
      label: t(item.label),
    })),
  ];
  const selected =
    items.find((i) => i.key !== '/' && location.pathname.startsWith(i.key))?.key ?? '/';

  const onLogout = async () => {
    try {
      await logout();
    } finally {
      void message.success(t('header.loggedOut'));
      void navigate('/login', { replace: true });
    }
  };

  return (
    <Layout className="cwp-shell">
      <Header className="cwp-header">
        <Link to="/" className="cwp-brand">
          <ApartmentOutlined className="cwp-brand-icon" />
          <span className="cwp-brand-title">{t('app.title')}</span>
        </Link>
        <Space size={20} className="cwp-header-right">
          {user && (
            <span className="cwp-header-org" title={t('header.orgUnit')}>
              <ApartmentOutlined /> {user.orgUnit.name}
            </span>
          )}
          <NotificationBell />
          <LanguageSwitch dark />
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'change-password',
                  icon: <KeyOutlined />,
                  label: t('header.changePassword'),
                },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout') },
              ],
              onClick: ({ key }) => {
                if (key === 'change-password') void navigate('/change-password');
                if (key === 'logout') void onLogout();
              },
            }}
          >
            <a className="cwp-user" data-testid="user-menu" onClick={(e) => e.preventDefault()}>
              <Avatar size="small" icon={<UserOutlined />} className="cwp-user-avatar" />
              <span>{user?.displayName}</span>
              <DownOutlined className="cwp-user-caret" />
            </a>
          </Dropdown>
        </Space>
      </Header>
      <Layout>
        <Sider
          width={208}
          theme="light"
          breakpoint="lg"
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          className="cwp-sider"
        >
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            items={items}
            onClick={({ key }) => void navigate(key)}
            className="cwp-menu"
            data-testid="main-menu"
          />
        </Sider>
        <Layout className="cwp-main">
          <Content className="cwp-content">
            <Outlet />
          </Content>
          <Footer className="cwp-footer">{t('app.footer')}</Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
