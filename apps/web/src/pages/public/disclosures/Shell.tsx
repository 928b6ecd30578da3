// The frame of the public supervision pages (community notice board, complaints): no login,
// narrow enough for a phone, the language switch.
import { Layout, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LanguageSwitch } from '../../../components/LanguageSwitch';

export function SupervisionShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f7fa' }}>
      <Layout.Header
        style={{
          background: '#fff',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          padding: '0 12px',
          gap: 8,
        }}
      >
        <Typography.Text strong ellipsis>
          {title}
        </Typography.Text>
        <Space size="small">
          <Link to="/public/complaints">{t('supervision.submitComplaint')}</Link>
          <LanguageSwitch />
        </Space>
      </Layout.Header>
      <Layout.Content style={{ width: '100%', maxWidth: 760, margin: '0 auto', padding: 12 }}>
        {children}
      </Layout.Content>
    </Layout>
  );
}
