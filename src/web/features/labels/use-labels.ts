import { useRequest } from '../../app/use-request';
import { labelsApi } from './labels-api';

/** The account's labels, for pickers and filters. */
export function useLabels(enabled = true) {
  const request = useRequest((signal) => labelsApi.list(signal), [], enabled);
  return { labels: request.data ?? [], loading: request.loading, error: request.error, reload: request.reload };
}
