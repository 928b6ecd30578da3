// Shared pieces of the library tabs: the row's edit and activate/deactivate buttons, the editor
// state, and the fields of each record that its update body takes (sent back unchanged when the
// form does not show them).
import type { CourseView, TrainerView, TrainingBaseView } from '@cwp/contracts';
import { Button, Popconfirm, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';

/** Edit and activate/deactivate buttons of a library row. */
export function RowActions(props: {
  id: string;
  active: boolean;
  onEdit: () => void;
  onToggle: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  return (
    <Space>
      <Button size="small" onClick={props.onEdit} data-testid={`edit-${props.id}`}>
        {t('training.edit')}
      </Button>
      <Popconfirm
        title={props.active ? t('training.deactivate') : t('training.activate')}
        onConfirm={() => props.onToggle().catch(onError)}
      >
        <Button size="small" danger={props.active} data-testid={`toggle-${props.id}`}>
          {props.active ? t('training.deactivate') : t('training.activate')}
        </Button>
      </Popconfirm>
    </Space>
  );
}

export function useEditor<T extends { id: number; version: number; active: boolean }>() {
  const [state, setState] = useState<{ open: boolean; record: T | null }>({
    open: false,
    record: null,
  });
  return {
    ...state,
    create: () => setState({ open: true, record: null }),
    edit: (record: T) => setState({ open: true, record }),
    close: () => setState({ open: false, record: null }),
  };
}

export const nameCell = (name: string, active: boolean, inactive: string) => (
  <Space>
    {name}
    {!active && <Tag>{inactive}</Tag>}
  </Space>
);

/** The fields of a course the update body takes, from its view. */
export const courseFields = (r: CourseView) => ({
  orgUnitId: r.orgUnitId,
  title: r.title,
  abilities: r.abilities,
  format: r.format,
  hours: r.hours,
  description: r.description,
});
export const trainerFields = (r: TrainerView) => ({
  orgUnitId: r.orgUnitId,
  name: r.name,
  kind: r.kind,
  workerId: r.workerId,
  organisation: r.organisation,
  title: r.title,
  fields: r.fields,
  contact: r.contact,
});
export const baseFields = (r: TrainingBaseView) => ({
  orgUnitId: r.orgUnitId,
  kind: r.kind,
  name: r.name,
  address: r.address,
  capacity: r.capacity,
  contactName: r.contactName,
  contactPhone: r.contactPhone,
  description: r.description,
});
