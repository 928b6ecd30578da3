import { ClusterOutlined } from '@ant-design/icons';
import type { OrgUnit } from '@cwp/contracts';
import { Card, Empty, Input, List, Spin, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orgUnitsApi } from '../../../api/org-units';
import { useRequestError } from '../../../api/useRequestError';
import { mayHaveChildren, type OrgTree } from '../../../components/useOrgUnitTree';

interface Props {
  tree: OrgTree;
  selectedId: number | null;
  expandedKeys: number[];
  onExpand(keys: number[]): void;
  /** A search result was picked: reveal it in the tree. */
  onSelect(unit: OrgUnit): void;
  onSelectId(id: number): void;
}

export function OrgTreePanel({
  tree,
  selectedId,
  expandedKeys,
  onExpand,
  onSelect,
  onSelectId,
}: Props) {
  const { t } = useTranslation();
  const onError = useRequestError();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<OrgUnit[] | null>(null);
  const [searching, setSearching] = useState(false);
  const container = useRef<HTMLDivElement>(null);

  // A unit picked from the search results may sit deep in the tree: bring it into view.
  useEffect(() => {
    container.current
      ?.querySelector('.ant-tree-treenode-selected')
      ?.scrollIntoView({ block: 'nearest' });
  }, [selectedId, tree.children]);

  const treeData = useMemo((): TreeDataNode[] => {
    const walk = (id: number): TreeDataNode[] => {
      const unit = tree.units.get(id);
      if (!unit) return [];
      const childIds = tree.children.get(id);
      return [
        {
          key: unit.id,
          title: (
            <span className={unit.active ? undefined : 'cwp-tree-inactive'} data-level={unit.level}>
              {unit.name}
              {!unit.active && <Tag style={{ marginLeft: 6 }}>{t('common.inactive')}</Tag>}
            </span>
          ),
          isLeaf: childIds ? childIds.length === 0 : !mayHaveChildren(unit, tree.includeInactive),
          ...(childIds ? { children: childIds.flatMap(walk) } : {}),
        },
      ];
    };
    return tree.roots.flatMap(walk);
  }, [tree.units, tree.children, tree.roots, tree.includeInactive, t]);

  const search = async (value: string) => {
    const q = value.trim();
    setQuery(value);
    if (!q) {
      setResults(null);
      return;
    }
    setSearching(true);
    try {
      setResults(await orgUnitsApi.search(q, { includeInactive: tree.includeInactive }));
    } catch (err) {
      onError(err);
    } finally {
      setSearching(false);
    }
  };

  return (
    <Card
      title={
        <span>
          <ClusterOutlined /> {t('orgUnits.title')}
        </span>
      }
      styles={{ body: { paddingTop: 12 } }}
    >
      <Input.Search
        allowClear
        placeholder={t('orgUnits.searchPlaceholder')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          if (!e.target.value) setResults(null);
        }}
        onSearch={(v) => void search(v)}
        loading={searching}
        style={{ marginBottom: 12 }}
        maxLength={100}
      />
      {results ? (
        <div className="cwp-org-tree" data-testid="org-search-results">
          <Typography.Text type="secondary">{t('orgUnits.searchResults')}</Typography.Text>
          <List
            size="small"
            dataSource={results}
            rowKey="id"
            locale={{ emptyText: <Empty description={t('orgUnits.noResults')} /> }}
            renderItem={(u) => (
              <List.Item
                style={{ cursor: 'pointer' }}
                onClick={() => {
                  setQuery('');
                  setResults(null);
                  onSelect(u);
                }}
              >
                <List.Item.Meta
                  title={
                    <span className={u.active ? undefined : 'cwp-tree-inactive'}>{u.name}</span>
                  }
                  description={u.divisionCode}
                />
                <Tag>{t(`level.${u.level}`)}</Tag>
              </List.Item>
            )}
          />
        </div>
      ) : tree.loading ? (
        <div className="cwp-page-spin" style={{ minHeight: 200 }}>
          <Spin />
        </div>
      ) : (
        <div className="cwp-org-tree" ref={container}>
          <Tree
            blockNode
            showLine
            data-testid="org-tree"
            treeData={treeData}
            loadedKeys={[...tree.children.keys()]}
            expandedKeys={expandedKeys}
            selectedKeys={selectedId === null ? [] : [selectedId]}
            onExpand={(keys) => onExpand(keys.map(Number))}
            onSelect={(keys) => {
              const key = keys[0];
              if (key !== undefined) onSelectId(Number(key));
            }}
            loadData={async (node) => {
              await tree.loadChildren(Number(node.key)).catch(onError);
            }}
          />
        </div>
      )}
    </Card>
  );
}
