// How a worker's coded values read on screen: dictionary labels, status tags, sex, grade. Every
// screen that shows a dossier goes through here, so a code never reaches the user.
import { WORKER_DICTIONARY_FIELDS, type WorkerStatus } from '@cwp/contracts';
import { Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRequestError } from '../../../api/useRequestError';
import { useDictionaries, type Dictionaries } from '../../../components/useDictionaries';
import type { Resources } from '../../../i18n/zh-CN';

export type WorkerFieldKey = keyof Resources['workers']['field'];

export const STATUS_COLORS: Record<WorkerStatus, string> = {
  active: 'success',
  probation: 'processing',
  suspended: 'warning',
  exited: 'default',
};

export type DictField = keyof typeof WORKER_DICTIONARY_FIELDS;

export interface WorkerLabels {
  dictionaries: Dictionaries;
  /** Label of a coded dossier field, or '—' when empty. */
  dict(field: DictField, code: string | null | undefined): string;
  status(status: WorkerStatus): string;
  /** Sex as the ID number gives it: '1' male, '2' female (GB/T 2261.1). */
  sex(code: string): string;
  grade(grade: number | null): string;
  /** A date as the API sends it (YYYY-MM-DD), or '—'. */
  date(value: string | null | undefined): string;
  text(value: string | null | undefined): string;
}

export function useWorkerLabels(): WorkerLabels {
  const { t } = useTranslation();
  const onError = useRequestError();
  const dictionaries = useDictionaries(onError);
  return useMemo((): WorkerLabels => {
    const none = t('common.none');
    return {
      dictionaries,
      dict: (field, code) => dictionaries.label(WORKER_DICTIONARY_FIELDS[field], code) || none,
      status: (status) => t(`workers.statusLabels.${status}`),
      sex: (code) =>
        code === '1'
          ? t('workers.sexLabels.male')
          : code === '2'
            ? t('workers.sexLabels.female')
            : none,
      grade: (grade) => (grade === null ? none : t('workers.gradeValue', { grade })),
      date: (value) => value || none,
      text: (value) => value?.trim() || none,
    };
  }, [dictionaries, t]);
}

export function StatusTag({ status }: { status: WorkerStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="worker-status">
      {t(`workers.statusLabels.${status}`)}
    </Tag>
  );
}
