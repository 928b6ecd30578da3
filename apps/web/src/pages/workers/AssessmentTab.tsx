// The dossier's assessment tab: the worker's annual results, newest first, with entry and edit for
// holders of assessment:manage.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { AssessmentView } from '@cwp/contracts';
import { App, Button, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { assessmentsApi } from '../assessments/api';
import { AssessmentModal } from '../assessments/components/AssessmentModal';
import { RATING_COLORS } from '../assessments';

export function AssessmentTab({ workerId }: { workerId: number }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const onError = useRequestError();
  const canManage = can('assessment:manage');
  const [items, setItems] = useState<AssessmentView[] | null>(null);
  const [dialog, setDialog] = useState<'add' | AssessmentView | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let cancelled = false;
    assessmentsApi
      .list({ workerId, page: 1, pageSize: 100 })
      .then((d) => {
        if (!cancelled) setItems(d.items);
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [workerId, reload, onError]);

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="assessment-tab">
      {canManage && (
        <Button
          icon={<PlusOutlined />}
          onClick={() => setDialog('add')}
          data-testid="assessment-add"
        >
          {t('assessments.add')}
        </Button>
      )}
      <Table
        rowKey="id"
        size="small"
        loading={items === null}
        dataSource={items ?? []}
        pagination={false}
        locale={{ emptyText: t('assessments.empty') }}
        columns={[
          { title: t('assessments.year'), dataIndex: 'year', width: 100 },
          {
            title: t('assessments.rating'),
            key: 'rating',
            render: (_, a) => (
              <Tag color={RATING_COLORS[a.rating]}>{t(`assessments.ratings.${a.rating}`)}</Tag>
            ),
          },
          {
            title: t('assessments.source'),
            key: 'source',
            render: (_, a) => t(`assessments.sources.${a.source}`),
          },
          {
            title: t('assessments.note'),
            dataIndex: 'note',
            render: (v: string | null) => v ?? '—',
          },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, a: AssessmentView) => (
                    <Button size="small" icon={<EditOutlined />} onClick={() => setDialog(a)}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {dialog !== null && (
        <AssessmentModal
          workerId={workerId}
          editing={typeof dialog === 'object' ? dialog : null}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            setReload((n) => n + 1);
            void message.success(t('assessments.saved'));
          }}
        />
      )}
    </Space>
  );
}
