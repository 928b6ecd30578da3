// A worker search box (by name, within the caller's scope), shared by the oversight forms.
import { workerPage } from '@cwp/contracts';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client';
import { useRequestError } from '../../../api/useRequestError';

export function WorkerPicker(props: {
  value?: number;
  onChange?: (v: number) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  return (
    <Select
      id={props.id}
      showSearch
      filterOption={false}
      placeholder={t('oversight.workerHint')}
      value={props.value}
      onChange={props.onChange}
      onSearch={(q) => {
        if (!q.trim()) return;
        api
          .get('/api/workers', workerPage, { q: q.trim(), pageSize: 20, withTotal: 'false' })
          .then((p) =>
            setOptions(
              p.items.map((w) => ({ value: w.id, label: `${w.name}（${w.orgUnitName}）` })),
            ),
          )
          .catch(onError);
      }}
      options={options}
    />
  );
}
