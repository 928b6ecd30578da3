// The org tree: a lazily loaded tree (or search results) on the left, the selected unit's details
// and, with org:manage, its create / edit / move / (de)activate actions on the right.
import type { OrgUnit } from '@cwp/contracts';
import { Col, Row } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { orgUnitsApi } from '../../api/org-units';
import { useRequestError } from '../../api/useRequestError';
import { useAuth } from '../../auth/context';
import { useOrgUnitTree } from '../../components/useOrgUnitTree';
import { OrgTreePanel } from './components/OrgTreePanel';
import { OrgUnitDetail } from './components/OrgUnitDetail';

export function OrgUnitsPage() {
  const { can, user } = useAuth();
  const canManage = can('org:manage');
  const onError = useRequestError();
  const tree = useOrgUnitTree({ includeInactive: canManage, onError, expandRoot: true });
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [expandedKeys, setExpandedKeys] = useState<number[]>([]);
  const [unit, setUnit] = useState<OrgUnit | null>(null);
  const [ancestors, setAncestors] = useState<OrgUnit[]>([]);
  const [loading, setLoading] = useState(false);
  const [reload, setReload] = useState(0);
  const { upsert } = tree;
  const knownUnits = useRef(tree.units);
  useEffect(() => {
    knownUnits.current = tree.units;
  });

  // Start with the caller's root selected and expanded.
  const rootId = tree.roots[0];
  useEffect(() => {
    if (rootId === undefined) return;
    setSelectedId((id) => id ?? rootId);
    setExpandedKeys((keys) => (keys.length ? keys : [rootId]));
  }, [rootId]);

  useEffect(() => {
    if (selectedId === null) return;
    let cancelled = false;
    setLoading(true);
    void (async () => {
      try {
        const detail = await orgUnitsApi.get(selectedId);
        if (cancelled) return;
        setUnit(detail);
        upsert(detail);
        // The breadcrumb is secondary: if the chain cannot be loaded, the ids in the unit's path
        // that the tree already knows still give one, and the details stay usable.
        const chain = await orgUnitsApi.ancestors(selectedId).catch(() => null);
        if (cancelled) return;
        setAncestors(
          chain ??
            detail.path
              .split('.')
              .filter(Boolean)
              .map((id) => knownUnits.current.get(Number(id)))
              .filter((u): u is OrgUnit => u !== undefined),
        );
      } catch (err) {
        if (!cancelled) {
          setUnit(null);
          onError(err);
        }
      } finally {
        if (!cancelled) setLoading(false);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [selectedId, reload, onError, upsert]);

  const refreshDetail = useCallback(() => setReload((n) => n + 1), []);

  const select = useCallback(
    async (target: OrgUnit) => {
      setSelectedId(target.id);
      const chain = await tree.reveal(target).catch((err: unknown) => {
        onError(err);
        return [];
      });
      setExpandedKeys((keys) => [...new Set([...keys, ...chain.slice(0, -1)])]);
    },
    [tree, onError],
  );

  const reloadChildren = useCallback(
    async (parentId: number | null) => {
      if (parentId === null || !tree.children.has(parentId)) return;
      await tree.loadChildren(parentId).catch(onError);
    },
    [tree, onError],
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9} xl={8}>
        <OrgTreePanel
          tree={tree}
          selectedId={selectedId}
          expandedKeys={expandedKeys}
          onExpand={setExpandedKeys}
          onSelect={(u) => void select(u)}
          onSelectId={setSelectedId}
        />
      </Col>
      <Col xs={24} lg={15} xl={16}>
        <OrgUnitDetail
          unit={unit}
          ancestors={ancestors}
          loading={loading}
          canManage={canManage}
          isOwnUnit={unit !== null && unit.id === user?.orgUnit.id}
          onSelect={setSelectedId}
          onChanged={(changed) => {
            tree.upsert(changed);
            setUnit(changed);
            refreshDetail();
          }}
          onCreated={async (child) => {
            await reloadChildren(child.parentId);
            if (child.parentId !== null && !tree.children.has(child.parentId)) {
              await tree.loadChildren(child.parentId).catch(onError);
            }
            if (child.parentId !== null) {
              const parentId = child.parentId;
              setExpandedKeys((keys) => [...new Set([...keys, parentId])]);
            }
            refreshDetail();
          }}
          onMoved={async (moved, oldParentId) => {
            await reloadChildren(oldParentId);
            await reloadChildren(moved.parentId);
            await select(moved);
            refreshDetail();
          }}
        />
      </Col>
    </Row>
  );
}
