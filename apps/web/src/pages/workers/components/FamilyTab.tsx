// The dossier's family members. Everyone who may see the dossier sees the relation and a masked
// name; a holder of worker:pii shows the full list through the audited reveal, and only then edits
// it (a save replaces the whole list, so it must start from the real values).
import { EyeOutlined } from '@ant-design/icons';
import { replaceFamilyBody, type WorkerDetail } from '@cwp/contracts';
import { Button, Popconfirm, Space, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Dictionaries } from '../../../components/useDictionaries';
import { workersApi } from '../api';
import { ListEditor } from './ListEditor';
import { familyColumns } from './list-columns';
import type { Reveal } from './PiiText';

interface Props {
  worker: WorkerDetail;
  reveal: Reveal;
  canManage: boolean;
  canPii: boolean;
  dictionaries: Dictionaries;
  onSaved(worker: WorkerDetail): void;
  onError(err: unknown, form?: FormInstance): void;
}

export function FamilyTab({ worker, reveal, canManage, canPii, dictionaries, ...rest }: Props) {
  const { t } = useTranslation();
  const revealed = reveal.revealed.family;
  // An empty list hides nothing: it can be filled in without a reveal.
  const full = !worker.familyMasked || revealed !== undefined || worker.family.length === 0;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {!full && (
        <Space data-testid="family-masked">
          <Typography.Text type="secondary">{t('workers.family.masked')}</Typography.Text>
          {canPii && (
            <Popconfirm
              title={t('workers.family.revealConfirm')}
              description={t('workers.reveal.audited')}
              onConfirm={() => reveal.reveal('family')}
            >
              <Button
                size="small"
                icon={<EyeOutlined />}
                loading={reveal.busy === 'family'}
                data-testid="family-reveal"
              >
                {t('workers.family.reveal')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      )}
      <ListEditor
        // A new version (own save, or a reload after a conflict) or a reveal ends any edit.
        key={`family-${worker.version}-${full ? 'full' : 'masked'}`}
        testId="family"
        items={revealed ?? worker.family}
        columns={familyColumns(t)}
        editable={canManage && canPii && full}
        version={worker.version}
        dictionaries={dictionaries}
        schema={replaceFamilyBody}
        save={(body) => workersApi.replaceFamily(worker.id, body)}
        onSaved={rest.onSaved}
        onError={rest.onError}
        emptyText={t('workers.list.emptyFamily')}
      />
    </Space>
  );
}
