// One exit (/exits/:id): its checklist item by item (the contract, insurance and account items act
// on their modules), submission to approval, cancellation, and re-hire once approved.
import type { ExitView } from '@cwp/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { PageSpin } from '../../components/PageSpin';
import { exitsApi } from './api';
import { ExitStatusTag } from './index';
import { z } from 'zod';

const P = 'management.exits';

export function ExitDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [exit, setExit] = useState<ExitView | null>(null);
  const [rehireOpen, setRehireOpen] = useState(false);
  const [form] = Form.useForm<{ hireDate: Dayjs; reason: string }>();
  const load = useCallback(() => {
    exitsApi.get(Number(id)).then(setExit, onError);
  }, [id, onError]);
  useEffect(load, [load]);
  if (!exit) return <PageSpin />;
  const canManage = can('exit:manage');
  const editable = canManage && (exit.status === 'draft' || exit.status === 'returned');
  const allDone = exit.checklist.every((c) => c.doneAt);

  const rehire = async (v: {
    hireDate: Dayjs;
    reason: string;
    username?: string;
    password?: string;
  }) => {
    const w = await api.get(`/api/workers/${exit.workerId}`, z.object({ version: z.number() }));
    await exitsApi.rehire(exit.workerId, {
      version: w.version,
      hireDate: v.hireDate.format('YYYY-MM-DD'),
      reason: v.reason,
      account: v.username ? { username: v.username, password: v.password ?? '' } : null,
    });
    setRehireOpen(false);
    void message.success(t(`${P}.rehired`));
    load();
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Link to={`/workers/${exit.workerId}`}>{exit.workerName}</Link>
            <ExitStatusTag status={exit.status} />
            {exit.status === 'approved' && !exit.appliedAt && (
              <span data-testid="exit-applies-on">
                {t(`${P}.appliesOn`, { date: exit.exitDate })}
              </span>
            )}
          </Space>
        }
        extra={
          <Space>
            {exit.approvalRequestId && (
              <Link to={`/approvals/${exit.approvalRequestId}`}>{t(`${P}.approval`)}</Link>
            )}
            {editable && (
              <Button
                onClick={() => void exitsApi.cancel(exit.id, exit.version).then(setExit, onError)}
              >
                {t(`${P}.cancel`)}
              </Button>
            )}
            {canManage && exit.status === 'approved' && exit.appliedAt && !exit.rehiredAt && (
              <Button onClick={() => setRehireOpen(true)} data-testid="exit-rehire">
                {t(`${P}.rehire`)}
              </Button>
            )}
          </Space>
        }
      >
        <Descriptions size="small" column={2}>
          <Descriptions.Item label={t(`${P}.unit`)}>{exit.orgUnitName}</Descriptions.Item>
          <Descriptions.Item label={t(`${P}.type`)}>
            {t(`${P}.types.${exit.type}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t(`${P}.exitDate`)}>{exit.exitDate}</Descriptions.Item>
          <Descriptions.Item label={t(`${P}.reason`)}>{exit.reason}</Descriptions.Item>
          {exit.destination && (
            <Descriptions.Item label={t(`${P}.destination`)}>{exit.destination}</Descriptions.Item>
          )}
          {exit.appliedAt && (
            <Descriptions.Item label={t(`${P}.appliedAt`)}>
              {dayjs(exit.appliedAt).format('YYYY-MM-DD HH:mm')}
            </Descriptions.Item>
          )}
          {exit.rehireDate && (
            <Descriptions.Item label={t(`${P}.rehireDate`)}>{exit.rehireDate}</Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card title={t(`${P}.checklist`)}>
        <List
          dataSource={exit.checklist.map((c) => c.item)}
          renderItem={(item) => {
            const c = exit.checklist.find((x) => x.item === item);
            return (
              <List.Item
                data-testid={`exit-item-${item}`}
                actions={[
                  c?.doneAt ? (
                    <Space key="done" direction="vertical" size={0} align="end">
                      <Typography.Text type="success">
                        {t(`${P}.doneBy`, {
                          by: c.doneBy ?? '',
                          at: dayjs(c.doneAt).format('YYYY-MM-DD HH:mm'),
                        })}
                      </Typography.Text>
                      {c.takesEffectOn && (
                        <Typography.Text type="warning" data-testid={`exit-pending-${item}`}>
                          {t(`${P}.accountsOnExitDate`, { date: c.takesEffectOn })}
                        </Typography.Text>
                      )}
                    </Space>
                  ) : editable ? (
                    <Button
                      key="do"
                      size="small"
                      data-testid={`exit-do-${item}`}
                      onClick={() =>
                        void exitsApi.check(exit.id, exit.version, item).then(setExit, onError)
                      }
                    >
                      {t(`${P}.done`)}
                    </Button>
                  ) : null,
                ]}
              >
                <List.Item.Meta
                  title={t(`${P}.items.${item}`)}
                  description={t(`${P}.itemHints.${item}`)}
                />
              </List.Item>
            );
          }}
        />
        {editable && (
          <Button
            type="primary"
            disabled={!allDone}
            data-testid="exit-submit"
            onClick={() =>
              void exitsApi.submit(exit.id, exit.version).then((e) => {
                setExit(e);
                void message.success(t(`${P}.submittedOk`));
              }, onError)
            }
          >
            {t(`${P}.submit`)}
          </Button>
        )}
        {exit.status === 'approved' && <Alert type="info" message={t(`${P}.readOnly`)} />}
      </Card>
      <Modal
        open={rehireOpen}
        title={t(`${P}.rehire`)}
        onCancel={() => setRehireOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => void rehire(v).catch(onError)}>
          <Form.Item name="hireDate" label={t(`${P}.rehireDate`)} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="reason" label={t(`${P}.rehireReason`)} rules={[{ required: true }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item
            name="username"
            label={t(`${P}.rehireUsername`)}
            extra={t(`${P}.rehireAccountHint`)}
          >
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
          <Form.Item name="password" label={t(`${P}.rehirePassword`)}>
            <Input.Password maxLength={200} autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
