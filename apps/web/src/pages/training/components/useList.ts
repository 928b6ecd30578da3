// A small paged-list loader shared by the training tabs: loads on page change and on reload().
import { useCallback, useEffect, useState } from 'react';
import { useRequestError } from '../../../api/useRequestError';

export function usePagedList<T>(
  load: (q: { page: number; pageSize: number }) => Promise<{ items: T[]; total: number }>,
) {
  const onError = useRequestError();
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [data, setData] = useState<{ items: T[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    load({ page: page.current, pageSize: page.pageSize })
      .then((d) => {
        if (!cancelled) setData(d);
      })
      .catch(onError)
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
    // load is a stable module function per tab
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [page, tick, onError]);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  return {
    data,
    loading,
    reload,
    pagination: {
      current: page.current,
      pageSize: page.pageSize,
      total: data.total,
      onChange: (current: number, pageSize: number) => setPage({ current, pageSize }),
    },
  };
}
