import {
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  PoweroffOutlined,
  CheckCircleOutlined,
} from '@ant-design/icons';
import type { OrgUnit } from '@cwp/contracts';
import { childLevelOf } from '@cwp/core';
import { App, Breadcrumb, Button, Card, Descriptions, Empty, Popconfirm, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgUnitsApi } from '../../../api/org-units';
import { useRequestError } from '../../../api/useRequestError';
import { MoveOrgUnitModal } from './MoveOrgUnitModal';
import { OrgUnitFormModal } from './OrgUnitFormModal';

interface Props {
  unit: OrgUnit | null;
  ancestors: OrgUnit[];
  loading: boolean;
  canManage: boolean;
  isOwnUnit: boolean;
  onSelect(id: number): void;
  onChanged(unit: OrgUnit): void;
  onCreated(child: OrgUnit): Promise<void> | void;
  onMoved(unit: OrgUnit, oldParentId: number | null): Promise<void> | void;
}

type Dialog = 'create' | 'edit' | 'move' | null;

export function OrgUnitDetail(props: Props) {
  const { unit, ancestors, loading, canManage, isOwnUnit, onSelect, onChanged } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useRequestError();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [toggling, setToggling] = useState(false);

  if (!unit) {
    return (
      <Card loading={loading}>
        <Empty description={t('orgUnits.selectHint')} />
      </Card>
    );
  }

  const childLevel = childLevelOf(unit.level);
  const parent = ancestors.length > 1 ? ancestors[ancestors.length - 2] : undefined;
  const number = (n: number | null, suffix: string) =>
    n === null ? t('common.none') : `${n.toLocaleString()} ${suffix}`;

  const toggleActive = async () => {
    setToggling(true);
    try {
      const updated = await orgUnitsApi.setActive(unit.id, unit.version, !unit.active);
      void message.success(t(updated.active ? 'orgUnits.activated' : 'orgUnits.deactivated'));
      onChanged(updated);
    } catch (err) {
      onError(err);
    } finally {
      setToggling(false);
    }
  };

  const actions = canManage ? (
    <Space wrap>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        disabled={!childLevel || !unit.active}
        onClick={() => setDialog('create')}
      >
        {t('orgUnits.createChild')}
      </Button>
      <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
        {t('common.edit')}
      </Button>
      <Button
        icon={<DragOutlined />}
        disabled={isOwnUnit || unit.parentId === null}
        onClick={() => setDialog('move')}
      >
        {t('orgUnits.move')}
      </Button>
      <Popconfirm
        title={t(unit.active ? 'orgUnits.deactivateConfirm' : 'orgUnits.activateConfirm', {
          name: unit.name,
        })}
        onConfirm={() => toggleActive()}
        disabled={isOwnUnit}
      >
        <Button
          danger={unit.active}
          icon={unit.active ? <PoweroffOutlined /> : <CheckCircleOutlined />}
          disabled={isOwnUnit}
          loading={toggling}
        >
          {t(unit.active ? 'common.deactivate' : 'common.activate')}
        </Button>
      </Popconfirm>
    </Space>
  ) : null;

  return (
    <Card
      loading={loading && !unit}
      title={
        <Space>
          <span data-testid="org-detail-name">{unit.name}</span>
          <Tag color="blue">{t(`level.${unit.level}`)}</Tag>
          {!unit.active && <Tag color="default">{t('common.inactive')}</Tag>}
          {isOwnUnit && <Tag color="gold">{t('orgUnits.ownUnit')}</Tag>}
        </Space>
      }
    >
      <Breadcrumb
        style={{ marginBottom: 16 }}
        items={ancestors.map((a) =>
          a.id === unit.id
            ? { key: a.id, title: a.name }
            : {
                key: a.id,
                title: (
                  <a
                    href={`#${a.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      onSelect(a.id);
                    }}
                  >
                    {a.name}
                  </a>
                ),
              },
        )}
      />
      {actions && <div style={{ marginBottom: 16 }}>{actions}</div>}
      <Descriptions
        bordered
        size="middle"
        column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
        items={[
          { key: 'name', label: t('orgUnits.name'), children: unit.name },
          { key: 'level', label: t('orgUnits.level'), children: t(`level.${unit.level}`) },
          {
            key: 'code',
            label: t('orgUnits.divisionCode'),
            children: <span data-testid="org-detail-code">{unit.divisionCode}</span>,
          },
          {
            key: 'status',
            label: t('common.status'),
            children: unit.active ? (
              <Tag color="success">{t('common.active')}</Tag>
            ) : (
              <Tag>{t('common.inactive')}</Tag>
            ),
          },
          {
            key: 'population',
            label: t('orgUnits.population'),
            children: number(unit.residentPopulation, t('orgUnits.personUnit')),
          },
          {
            key: 'households',
            label: t('orgUnits.households'),
            children: number(unit.households, t('orgUnits.householdUnit')),
          },
          { key: 'children', label: t('orgUnits.childCount'), children: unit.childCount },
          {
            key: 'updated',
            label: t('orgUnits.updatedAt'),
            children: dayjs(unit.updatedAt).format('YYYY-MM-DD HH:mm'),
          },
        ]}
      />
      {dialog === 'create' && childLevel && (
        <OrgUnitFormModal
          mode="create"
          parent={unit}
          level={childLevel}
          onClose={() => setDialog(null)}
          onSaved={async (created) => {
            setDialog(null);
            void message.success(t('orgUnits.created'));
            await props.onCreated(created);
          }}
        />
      )}
      {dialog === 'edit' && (
        <OrgUnitFormModal
          mode="edit"
          unit={unit}
          parent={parent}
          level={unit.level}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            void message.success(t('common.saved'));
            onChanged(saved);
          }}
        />
      )}
      {dialog === 'move' && (
        <MoveOrgUnitModal
          unit={unit}
          onClose={() => setDialog(null)}
          onMoved={async (moved) => {
            setDialog(null);
            void message.success(t('orgUnits.moved'));
            await props.onMoved(moved, unit.parentId);
          }}
        />
      )}
    </Card>
  );
}
