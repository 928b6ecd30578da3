// 我的工资条 (/me/pay-slips): the worker's own pay slips of approved and locked months, newest
// first, each opening with every line; amounts are always shown here (they are the worker's own).
import type { PayrollSlipDetail, PayrollSlipView } from '@cwp/contracts';
import { Card, Drawer, Empty, List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { PageSpin } from '../../components/PageSpin';
import { payrollApi } from '../payroll/api';
import { yuan } from '../payroll/components/money';
import { SlipView } from '../payroll/components/SlipView';

export function MyPaySlipsPage() {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [items, setItems] = useState<PayrollSlipView[] | null>(null);
  const [open, setOpen] = useState<PayrollSlipDetail | null>(null);

  useEffect(() => {
    let cancelled = false;
    payrollApi
      .mySlips()
      .then((d) => {
        if (!cancelled) setItems(d.items);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [onError]);

  if (!items) return <PageSpin />;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="my-pay-slips">
      <Card>
        <div className="cwp-page-header">
          <Typography.Title level={4}>{t('payroll.mySlips')}</Typography.Title>
          <Link to="/me">{t('menu.myDossier')}</Link>
        </div>
        <Typography.Text type="secondary">{t('payroll.mySlipsIntro')}</Typography.Text>
      </Card>
      <Card>
        {items.length === 0 ? (
          <Empty description={t('payroll.mySlipsEmpty')} />
        ) : (
          <List
            dataSource={items}
            renderItem={(s) => (
              <List.Item
                actions={[
                  <a
                    key="open"
                    data-testid="my-slip-open"
                    onClick={() => {
                      payrollApi.mySlip(s.id).then(setOpen).catch(onError);
                    }}
                  >
                    {t('payroll.viewSlip')}
                  </a>,
                ]}
              >
                <List.Item.Meta
                  title={<span data-testid="my-slip-month">{s.month}</span>}
                  description={s.orgUnitName}
                />
                <Space size={24}>
                  <span>
                    {t('payroll.gross')} {yuan(s.gross)}
                  </span>
                  <Typography.Text strong data-testid="my-slip-paid">
                    {t('payroll.paid')} {yuan(s.paid)}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Drawer
        open={open !== null}
        width={640}
        title={open ? t('payroll.slipTitle', { name: open.workerName, month: open.month }) : ''}
        onClose={() => setOpen(null)}
      >
        {open && <SlipView slip={open} />}
      </Drawer>
    </Space>
  );
}
