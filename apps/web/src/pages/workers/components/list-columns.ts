// The columns of the two dossier lists, named as in the contract's item schemas.
import { WORKER_DICTIONARY_FIELDS } from '@cwp/contracts';
import type { TFunction } from 'i18next';
import type { ListColumn } from './ListEditor';

export function workHistoryColumns(t: TFunction): ListColumn[] {
  return [
    {
      name: 'startDate',
      title: t('workers.list.startDate'),
      kind: 'date',
      required: true,
      width: 150,
    },
    { name: 'endDate', title: t('workers.list.endDate'), kind: 'date', width: 150 },
    { name: 'employer', title: t('workers.list.employer'), kind: 'text', required: true, max: 100 },
    { name: 'position', title: t('workers.list.position'), kind: 'text', max: 50, width: 200 },
  ];
}

export function familyColumns(t: TFunction): ListColumn[] {
  return [
    {
      name: 'relation',
      title: t('workers.list.relation'),
      kind: 'text',
      required: true,
      max: 20,
      width: 110,
    },
    {
      name: 'name',
      title: t('workers.field.name'),
      kind: 'text',
      required: true,
      max: 50,
      width: 130,
    },
    { name: 'birthDate', title: t('workers.field.birthDate'), kind: 'date', width: 150 },
    {
      name: 'politicalStatus',
      title: t('workers.field.politicalStatus'),
      kind: 'dict',
      dict: WORKER_DICTIONARY_FIELDS.politicalStatus,
      width: 190,
    },
    { name: 'employer', title: t('workers.list.familyEmployer'), kind: 'text', max: 100 },
  ];
}
