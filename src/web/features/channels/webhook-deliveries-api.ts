import { api } from '../../app/api-client';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One webhook delivery of an API inbox, as GET /api/inboxes/:id/webhook-deliveries lists it. */
export type WebhookDelivery = {
  id: string;
  inboxId: string;
  messageId: string | null;
  event: string;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  payload: Record<string, unknown>;
};

export type DeliveryPage = { items: WebhookDelivery[]; nextCursor: string | null };

export const DELIVERIES_PAGE_SIZE = 20;

export const webhookDeliveriesApi = {
  list: (inboxId: string, status: DeliveryStatus | undefined, cursor?: string, signal?: AbortSignal) =>
    api.get<DeliveryPage>(`/api/inboxes/${encodeURIComponent(inboxId)}/webhook-deliveries`, { status, cursor, limit: DELIVERIES_PAGE_SIZE }, signal),
  retry: (id: string) => api.post<{ delivery: WebhookDelivery }>(`/api/webhook-deliveries/${encodeURIComponent(id)}/retry`).then((r) => r.delivery),
};
