// Picks one org unit: browse the caller's tree lazily, or type to search the whole scope.
import type { OrgUnit } from '@cwp/contracts';
import type { OrgLevel } from '@cwp/core';
import { Tag, TreeSelect } from 'antd';
import { useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isAbortError } from '../api/client';
import { orgUnitsApi } from '../api/org-units';
import { useRequestError } from '../api/useRequestError';
import { mayHaveChildren, useOrgUnitTree } from './useOrgUnitTree';

interface PickerNode {
  value: number;
  title: ReactNode;
  isLeaf: boolean;
  selectable: boolean;
  children?: PickerNode[];
}

export interface OrgUnitTreeSelectProps {
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  /** Only units of this level can be chosen (and the tree stops there). */
  selectableLevel?: OrgLevel;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  id?: string;
  disabled?: boolean;
}

export function OrgUnitTreeSelect(props: OrgUnitTreeSelectProps) {
  const { value, onChange, selectableLevel, placeholder, allowClear, style, id, disabled } = props;
  const { t } = useTranslation();
  const onError = useRequestError();
  const tree = useOrgUnitTree({ onError });
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<OrgUnit[] | null>(null);
  const [loadedKeys, setLoadedKeys] = useState<number[]>([]);
  const [picked, setPicked] = useState<Map<number, OrgUnit>>(new Map());

  // Server-side search, debounced; the previous request is cancelled.
  useEffect(() => {
    const q = search.trim();
    if (!q) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      orgUnitsApi
        .search(q, { level: selectableLevel, signal: controller.signal })
        .then(setResults)
        .catch((err: unknown) => {
          if (!isAbortError(err)) onError(err);
        });
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search, selectableLevel, onError]);

  // A value set from outside (editing a record) may not be loaded in the tree yet.
  const known = value == null ? undefined : (tree.units.get(value) ?? picked.get(value));
  useEffect(() => {
    if (value == null || known) return;
    let cancelled = false;
    orgUnitsApi
      .get(value)
      .then((unit) => {
        if (!cancelled) setPicked((m) => new Map(m).set(unit.id, unit));
      })
      .catch(() => undefined); // the label then shows the id; the form still works
    return () => {
      cancelled = true;
    };
  }, [value, known]);

  const toNode = useMemo(() => {
    const stopsHere = (u: OrgUnit) => u.level === selectableLevel;
    const title = (u: OrgUnit) => (
      <span>
        {u.name}
        {!u.active && (
          <Tag style={{ marginLeft: 6 }} color="default">
            {t('common.inactive')}
          </Tag>
        )}
      </span>
    );
    const build = (u: OrgUnit, children?: PickerNode[]): PickerNode => ({
      value: u.id,
      title: title(u),
      selectable: !selectableLevel || stopsHere(u),
      isLeaf: children ? children.length === 0 : stopsHere(u) || !mayHaveChildren(u, false),
      ...(children ? { children } : {}),
    });
    return build;
  }, [selectableLevel, t]);

  const treeData = useMemo((): PickerNode[] => {
    if (results) return results.map((u) => ({ ...toNode(u), isLeaf: true }));
    const walk = (unitId: number): PickerNode[] => {
      const unit = tree.units.get(unitId);
      if (!unit) return [];
      const childIds = tree.children.get(unitId);
      const stop = unit.level === selectableLevel;
      return [toNode(unit, childIds && !stop ? childIds.flatMap(walk) : undefined)];
    };
    return tree.roots.flatMap(walk);
  }, [results, tree.units, tree.children, tree.roots, toNode, selectableLevel]);

  const labelled = value == null ? undefined : { value, label: known ? known.name : String(value) };

  return (
    <TreeSelect<{ value: number; label: ReactNode } | undefined>
      id={id}
      style={style}
      disabled={disabled}
      labelInValue
      value={labelled}
      treeData={treeData}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch
      searchValue={search}
      onSearch={setSearch}
      filterTreeNode={false}
      treeLoadedKeys={loadedKeys}
      loadData={async (node) => {
        const key = Number(node.value);
        await tree.loadChildren(key).catch(onError);
        setLoadedKeys((keys) => [...keys, key]);
      }}
      onChange={(next) => {
        const nextId = next?.value;
        const unit = nextId === undefined ? undefined : results?.find((u) => u.id === nextId);
        if (unit) setPicked((m) => new Map(m).set(unit.id, unit));
        setSearch('');
        onChange?.(nextId);
      }}
      notFoundContent={search ? t('orgUnits.noResults') : undefined}
      popupMatchSelectWidth={false}
      listHeight={320}
    />
  );
}
