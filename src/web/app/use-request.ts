import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export type RequestState<T> = {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (update: (current: T | undefined) => T | undefined) => void;
};

/**
 * Loads data for a page and reloads it when `deps` change. Only the latest request may write its
 * result, so a slow answer to an old filter never overwrites a newer one. A local change (`setData`,
 * e.g. a team just created) made while a load is on its way is kept and applied again on top of
 * that load's answer, which was read before the change and would otherwise wipe it out.
 */
export function useRequest<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList, enabled = true): RequestState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(enabled);
  const [nonce, setNonce] = useState(0);
  const loadRef = useRef(load);
  /** The local changes made since the request on its way started; null when none is on its way. */
  const pending = useRef<((current: T | undefined) => T | undefined)[] | null>(null);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    const changes: ((current: T | undefined) => T | undefined)[] = [];
    pending.current = changes;
    const settled = () => {
      if (pending.current === changes) pending.current = null;
    };
    setLoading(true);
    setError(undefined);
    loadRef.current(controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        settled();
        setDataState(changes.reduce((value, change) => change(value), result as T | undefined));
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        settled();
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      settled();
      controller.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const setData = useCallback((update: (current: T | undefined) => T | undefined) => {
    pending.current?.push(update);
    setDataState(update);
  }, []);

  return { data, error, loading, reload, setData };
}
