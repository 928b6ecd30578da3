// /training/sessions/:id: one session — enrol a whole unit or named workers, the enrolment and
// sign-in list (waiting list in order), withdraw, manual sign-in corrections with a reason, the
// full-screen QR code, and completion granting the hours.
import type { EnrolmentView, SessionView } from '@cwp/contracts';
import { App, Button, Card, Descriptions, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { OrgUnitTreeSelect } from '../../components/OrgUnitTreeSelect';
import { trainingApi } from './api';

export function TrainingSessionPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const sessionId = Number(id);
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [s, setS] = useState<SessionView | null>(null);
  const [items, setItems] = useState<EnrolmentView[]>([]);
  const [unitId, setUnitId] = useState<number | undefined>();
  const [workerIds, setWorkerIds] = useState('');
  const [correcting, setCorrecting] = useState<{ e: EnrolmentView; signedIn: boolean } | null>(
    null,
  );
  const [reason, setReason] = useState('');
  const manage = can('training:manage');

  const load = useCallback(() => {
    Promise.all([trainingApi.session(sessionId), trainingApi.enrolments(sessionId)])
      .then(([a, b]) => {
        setS(a);
        setItems(b.items);
      })
      .catch(onError);
  }, [sessionId, onError]);
  useEffect(load, [load]);

  const enrol = (body: { workerIds?: number[]; orgUnitIds?: number[] }) => {
    trainingApi
      .enrol(sessionId, body)
      .then((r) => {
        void message.success(t('training.enrolled', r));
        load();
      })
      .catch(onError);
  };

  if (!s) return <Card loading />;
  const open = s.status === 'scheduled';
  return (
    <Card>
      <Typography.Title level={3}>{s.title}</Typography.Title>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('training.course')}>{s.courseTitle}</Descriptions.Item>
        <Descriptions.Item label={t('training.trainer')}>{s.trainerName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('training.startsAt')}>
          {new Date(s.startsAt).toLocaleString()}
        </Descriptions.Item>
        <Descriptions.Item label={t('training.location')}>{s.location ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('training.hours')}>{s.hours}</Descriptions.Item>
        <Descriptions.Item label={t('training.status')}>
          <Tag>{t(`training.sessionStatuses.${s.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('training.enrol')} span={2}>
          <span data-testid="session-counts">{t('training.enrolledCount', s)}</span>
        </Descriptions.Item>
      </Descriptions>
      {manage && open && (
        <Space wrap style={{ margin: '16px 0' }}>
          <OrgUnitTreeSelect
            value={unitId ?? null}
            onChange={setUnitId}
            style={{ minWidth: 240 }}
            id="enrol-unit"
          />
          <Button
            disabled={!unitId}
            data-testid="enrol-unit-button"
            onClick={() => unitId && enrol({ orgUnitIds: [unitId] })}
          >
            {t('training.enrolUnits')}
          </Button>
          <Input
            placeholder={t('training.workerIds')}
            value={workerIds}
            onChange={(e) => setWorkerIds(e.target.value)}
            style={{ width: 220 }}
          />
          <Button
            onClick={() =>
              enrol({
                workerIds: workerIds
                  .split(/[,，\s]+/)
                  .map(Number)
                  .filter((n) => Number.isInteger(n) && n > 0),
              })
            }
          >
            {t('training.enrolWorkers')}
          </Button>
          <Button
            type="primary"
            data-testid="show-qr"
            onClick={() => window.open(`/training/sessions/${sessionId}/qr`, '_blank')}
          >
            {t('training.showQr')}
          </Button>
          <Button
            data-testid="complete-session"
            onClick={() => {
              trainingApi
                .complete(sessionId, s.version)
                .then((r) => {
                  void message.success(
                    t('training.completed', {
                      attended: r.attended,
                      absent: r.absent,
                      granted: r.hoursGranted,
                    }),
                  );
                  load();
                })
                .catch(onError);
            }}
          >
            {t('training.complete')}
          </Button>
        </Space>
      )}
      <Table
        rowKey="id"
        size="small"
        dataSource={items}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: t('training.worker'), dataIndex: 'workerName' },
          { title: t('training.unit'), dataIndex: 'orgUnitName' },
          {
            title: t('training.status'),
            render: (_: unknown, r: EnrolmentView) => t(`training.enrolmentStatuses.${r.status}`),
          },
          {
            title: t('training.signedInAt'),
            render: (_: unknown, r: EnrolmentView) =>
              r.signedInAt
                ? `${new Date(r.signedInAt).toLocaleTimeString()} ${t(`training.signInMethods.${r.signInMethod ?? 'qr'}`, '')}`
                : t('training.notSigned'),
          },
          { title: t('training.reason'), dataIndex: 'correctionReason' },
          {
            title: t('training.actions'),
            render: (_: unknown, r: EnrolmentView) =>
              manage &&
              r.status !== 'withdrawn' && (
                <Space>
                  {r.status === 'enrolled' && (
                    <Button
                      size="small"
                      onClick={() => setCorrecting({ e: r, signedIn: !r.signedInAt })}
                    >
                      {r.signedInAt ? t('training.correctOut') : t('training.correctIn')}
                    </Button>
                  )}
                  {open && (
                    <Button
                      size="small"
                      danger
                      onClick={() => {
                        trainingApi.withdraw(sessionId, r.workerId).then(load).catch(onError);
                      }}
                    >
                      {t('training.withdraw')}
                    </Button>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={correcting !== null}
        title={correcting?.signedIn ? t('training.correctIn') : t('training.correctOut')}
        okText={t('training.save')}
        cancelText={t('training.cancel')}
        onCancel={() => setCorrecting(null)}
        onOk={() => {
          if (!correcting) return;
          trainingApi
            .correct(sessionId, {
              workerId: correcting.e.workerId,
              signedIn: correcting.signedIn,
              reason,
            })
            .then(() => {
              setCorrecting(null);
              setReason('');
              load();
            })
            .catch(onError);
        }}
      >
        <Input
          placeholder={t('training.reason')}
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
