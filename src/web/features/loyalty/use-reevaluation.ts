import { useEffect, useState } from 'react';
import { useRequest } from '../../app/use-request';
import { isRunning, loyaltyApi, type Reevaluation } from './loyalty-api';

const POLL_MS = 1000;

/** The tiers, and the re-evaluation of customers after a save, polled while it runs. */
export function useReevaluation() {
  const tiers = useRequest((signal) => loyaltyApi.tiers(signal), []);
  const [reevaluation, setReevaluation] = useState<Reevaluation | null>(null);

  useEffect(() => {
    if (tiers.data) setReevaluation(tiers.data.reevaluation);
  }, [tiers.data]);

  const running = isRunning(reevaluation);
  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      loyaltyApi.reevaluation(controller.signal).then((r) => setReevaluation(r.reevaluation), () => {});
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [running]);

  return { tiers, reevaluation, setReevaluation };
}
