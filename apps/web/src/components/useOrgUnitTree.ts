// Lazily loaded org tree state: the caller's root first, children on demand. Used by the org tree
// page and by the org-unit picker, which render it with different components.
import type { OrgUnit } from '@cwp/contracts';
import { childLevelOf } from '@cwp/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { orgUnitsApi } from '../api/org-units';

export interface OrgTreeState {
  units: ReadonlyMap<number, OrgUnit>;
  /** Loaded children per unit id; a unit missing here has not been loaded yet. */
  children: ReadonlyMap<number, readonly number[]>;
  roots: readonly number[];
}

const EMPTY: OrgTreeState = { units: new Map(), children: new Map(), roots: [] };

/**
 * Whether a unit may be expanded. `childCount` counts active children only, so where inactive
 * units are shown too (managers, who may re-activate them) any unit above community level is
 * offered for expansion; one that turns out to be empty then shows as a leaf.
 */
export function mayHaveChildren(unit: OrgUnit, includeInactive: boolean): boolean {
  return unit.childCount > 0 || (includeInactive && childLevelOf(unit.level) !== null);
}

export interface OrgTree extends OrgTreeState {
  loading: boolean;
  includeInactive: boolean;
  loadChildren(parentId: number): Promise<void>;
  /** Replaces a unit's data after an edit. */
  upsert(unit: OrgUnit): void;
  /** Loads every ancestor's children so `unit` is present in the tree; returns the chain's ids. */
  reveal(unit: OrgUnit): Promise<number[]>;
}

export function useOrgUnitTree(opts: {
  includeInactive?: boolean;
  onError: (err: unknown) => void;
  /** Load the root's children right away (the page shows the root expanded). */
  expandRoot?: boolean;
}): OrgTree {
  const { includeInactive = false, onError, expandRoot = false } = opts;
  const [state, setState] = useState<OrgTreeState>(EMPTY);
  const [loading, setLoading] = useState(true);
  // The handler changes with the language; that must not reload the tree.
  const onErrorRef = useRef(onError);
  useEffect(() => {
    onErrorRef.current = onError;
  });

  const storeChildren = useCallback((parentId: number, items: OrgUnit[]) => {
    setState((s) => {
      const units = new Map(s.units);
      for (const u of items) units.set(u.id, u);
      const children = new Map(s.children);
      children.set(
        parentId,
        items.map((u) => u.id),
      );
      return { ...s, units, children };
    });
  }, []);

  const loadChildren = useCallback(
    async (parentId: number) => {
      storeChildren(parentId, await orgUnitsApi.children(parentId, includeInactive));
    },
    [includeInactive, storeChildren],
  );

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const roots = await orgUnitsApi.roots();
        const first = roots[0];
        const children =
          expandRoot && first ? await orgUnitsApi.children(first.id, includeInactive) : null;
        if (cancelled) return;
        const units = new Map(roots.map((u) => [u.id, u]));
        const loaded = new Map<number, number[]>();
        if (first && children) {
          for (const c of children) units.set(c.id, c);
          loaded.set(
            first.id,
            children.map((c) => c.id),
          );
        }
        setState({ units, children: loaded, roots: roots.map((u) => u.id) });
      } catch (err) {
        if (!cancelled) onErrorRef.current(err);
      } finally {
        if (!cancelled) setLoading(false);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [includeInactive, expandRoot]);

  const upsert = useCallback((unit: OrgUnit) => {
    setState((s) => {
      const units = new Map(s.units);
      units.set(unit.id, unit);
      return { ...s, units };
    });
  }, []);

  const reveal = useCallback(
    async (unit: OrgUnit): Promise<number[]> => {
      const chain = unit.path.split('.').filter(Boolean).map(Number);
      const rootIndex = chain.findIndex((id) => state.roots.includes(id));
      if (rootIndex < 0) return [];
      const visible = chain.slice(rootIndex);
      for (const id of visible.slice(0, -1)) {
        if (!state.children.has(id)) await loadChildren(id);
      }
      upsert(unit);
      return visible;
    },
    [state.roots, state.children, loadChildren, upsert],
  );

  return { ...state, loading, includeInactive, loadChildren, upsert, reveal };
}
