// Which roster columns to show; the choice is kept in this browser (localStorage).
import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Divider, Popover, Space } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ChoosableColumn {
  key: string;
  title: string;
  /** Always shown (the name identifies the row). */
  fixed?: boolean;
}

const STORAGE_KEY = 'cwp.workers.columns';

function stored(defaults: readonly string[]): string[] {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return [...defaults];
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed;
  } catch {
    // Unreadable or disabled storage: the defaults.
  }
  return [...defaults];
}

/** The visible column keys, persisted; unknown keys from an older version are ignored. */
export function useVisibleColumns(defaults: readonly string[]) {
  const [visible, setVisibleState] = useState<string[]>(() => stored(defaults));
  const setVisible = useCallback((keys: string[]) => {
    setVisibleState(keys);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(keys));
    } catch {
      // Not persisted; the choice still applies until the page is left.
    }
  }, []);
  return [visible, setVisible] as const;
}

interface Props {
  columns: ChoosableColumn[];
  visible: string[];
  defaults: readonly string[];
  onChange(keys: string[]): void;
}

export function ColumnChooser({ columns, visible, defaults, onChange }: Props) {
  const { t } = useTranslation();
  const shown = new Set(visible);
  const content = (
    <div className="cwp-column-chooser" data-testid="column-chooser">
      <Checkbox.Group
        value={columns.filter((c) => c.fixed || shown.has(c.key)).map((c) => c.key)}
        onChange={(keys) => onChange(keys.map(String))}
      >
        <Space direction="vertical" size={4}>
          {columns.map((c) => (
            <Checkbox key={c.key} value={c.key} disabled={c.fixed}>
              {c.title}
            </Checkbox>
          ))}
        </Space>
      </Checkbox.Group>
      <Divider style={{ margin: '8px 0' }} />
      <Button size="small" type="link" onClick={() => onChange([...defaults])}>
        {t('workers.columnsReset')}
      </Button>
    </div>
  );
  return (
    <Popover trigger="click" placement="bottomRight" content={content} title={t('workers.columns')}>
      <Button icon={<SettingOutlined />}>{t('workers.columns')}</Button>
    </Popover>
  );
}
