// Dictionaries (code tables such as ethnicity or education) on the left, the chosen one's items
// on the right: add, edit label and sort order, activate or deactivate.
import { BookOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dictionary, DictionaryItem } from '@cwp/contracts';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Menu,
  Popconfirm,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../api/useRequestError';
import { useLocalized } from '../../components/useLocalized';
import { dictionariesApi } from './api';
import { DictionaryItemModal } from './components/DictionaryItemModal';

type Dialog = { kind: 'add' } | { kind: 'edit'; item: DictionaryItem } | null;

export function DictionariesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const localized = useLocalized();
  const [dictionaries, setDictionaries] = useState<Dictionary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busyItem, setBusyItem] = useState<number | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const list = await dictionariesApi.list();
      setDictionaries(list);
      setSelected((code) => code ?? list[0]?.code ?? null);
    } catch (err) {
      onError(err);
    } finally {
      setLoading(false);
    }
  }, [onError]);

  useEffect(() => {
    void load();
  }, [load]);

  const current = dictionaries.find((d) => d.code === selected);

  const toggle = async (item: DictionaryItem) => {
    if (!current) return;
    setBusyItem(item.id);
    try {
      await dictionariesApi.updateItem(current.code, item.id, {
        version: item.version,
        active: !item.active,
      });
      void message.success(t(item.active ? 'common.deactivated' : 'common.activated'));
      await load();
    } catch (err) {
      onError(err);
    } finally {
      setBusyItem(null);
    }
  };

  const columns: TableColumnsType<DictionaryItem> = [
    {
      title: t('dictionaries.code'),
      dataIndex: 'code',
      width: 110,
      render: (code: string) => <Typography.Text code>{code}</Typography.Text>,
    },
    { title: t('dictionaries.labelZh'), dataIndex: 'labelZh' },
    { title: t('dictionaries.labelEn'), dataIndex: 'labelEn' },
    { title: t('dictionaries.sort'), dataIndex: 'sort', width: 90, align: 'right' },
    {
      title: t('common.status'),
      dataIndex: 'active',
      width: 90,
      render: (active: boolean) =>
        active ? (
          <Tag color="success">{t('common.active')}</Tag>
        ) : (
          <Tag>{t('common.inactive')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, item) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => setDialog({ kind: 'edit', item })}
          >
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t(
              item.active ? 'dictionaries.deactivateConfirm' : 'dictionaries.activateConfirm',
              { label: localized(item.labelZh, item.labelEn) },
            )}
            onConfirm={() => toggle(item)}
          >
            <Button type="link" size="small" danger={item.active} loading={busyItem === item.id}>
              {t(item.active ? 'common.deactivate' : 'common.activate')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={7} xl={6}>
        <Card
          title={
            <span>
              <BookOutlined /> {t('dictionaries.list')}
            </span>
          }
          styles={{ body: { padding: 8 } }}
        >
          {loading && dictionaries.length === 0 ? (
            <div className="cwp-page-spin" style={{ minHeight: 200 }}>
              <Spin />
            </div>
          ) : (
            <Menu
              mode="inline"
              className="cwp-menu"
              selectedKeys={selected ? [selected] : []}
              onClick={({ key }) => setSelected(key)}
              items={dictionaries.map((d) => ({
                key: d.code,
                label: localized(d.nameZh, d.nameEn),
              }))}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={17} xl={18}>
        <Card
          title={
            current ? (
              <Space>
                <span>{localized(current.nameZh, current.nameEn)}</span>
                <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                  {current.code}
                </Typography.Text>
                {current.standard && <Tag>{current.standard}</Tag>}
              </Space>
            ) : (
              t('dictionaries.items')
            )
          }
          extra={
            current && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog({ kind: 'add' })}
              >
                {t('dictionaries.addItem')}
              </Button>
            )
          }
        >
          {current ? (
            <Table<DictionaryItem>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={current.items}
              loading={loading}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 720 }}
            />
          ) : (
            <Empty description={t('dictionaries.selectHint')} />
          )}
        </Card>
      </Col>
      {dialog && current && (
        <DictionaryItemModal
          dictionaryCode={current.code}
          {...(dialog.kind === 'edit' ? { item: dialog.item } : {})}
          onClose={() => setDialog(null)}
          onSaved={() => {
            void message.success(
              dialog.kind === 'edit' ? t('common.saved') : t('dictionaries.added'),
            );
            setDialog(null);
            void load();
          }}
        />
      )}
    </Row>
  );
}
