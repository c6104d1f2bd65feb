import { api, apiRequest } from '../../app/api-client';
import { uploadRaw } from '../../app/upload';

/** Work orders (工单) and their SLAs, as in src/contracts/tickets.ts. */
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];
export type WorkOrderStatus = 'new' | 'open' | 'pending_customer' | 'pending_team' | 'resolved' | 'closed';
export const WORK_ORDER_STATUSES: readonly WorkOrderStatus[] = ['new', 'open', 'pending_customer', 'pending_team', 'resolved', 'closed'];
export type WorkOrderAction = 'start' | 'wait_customer' | 'wait_team' | 'resume' | 'resolve' | 'close' | 'reopen';
export type SlaTargetKey = 'first_response' | 'next_response' | 'resolution';
export type WorkOrderView = 'mine' | 'team' | 'all' | 'watching';
export const WORK_ORDER_VIEWS: readonly WorkOrderView[] = ['mine', 'team', 'all', 'watching'];

export type FieldKind = 'text' | 'textarea' | 'number' | 'date' | 'select';
export type TypeField = { key: string; label: string; kind: FieldKind; options?: string[]; required?: boolean };

export type WorkOrderType = {
  id: string;
  name: string;
  description: string | null;
  fields: TypeField[];
  defaultTeamId: string | null;
  defaultTeamName: string | null;
  defaultPriority: Priority;
  slaPolicyId: string | null;
  slaPolicyName: string | null;
  archived: boolean;
};

export type Person = { id: string; name: string };
export type CustomerRef = { id: string; name: string | null };

export type SlaClock = {
  /** The target the countdown is for: the first one not yet met. */
  target: SlaTargetKey;
  /** null while paused. */
  dueAt: string | null;
  /** Working time left; negative once overdue. */
  remainingMs: number;
  paused: boolean;
  breached: boolean;
  /** The target's length in working minutes (for the "little time left" colour). */
  targetMinutes: number;
  /** The clock runs now (working hours, not paused): the countdown ticks only then. */
  running: boolean;
};

export type WorkOrderListItem = {
  id: string;
  number: number;
  title: string;
  typeId: string;
  typeName: string;
  priority: Priority;
  status: WorkOrderStatus;
  isTracker: boolean;
  team: Person | null;
  assignee: Person | null;
  customer: CustomerRef | null;
  conversationId: string | null;
  sla: SlaClock | null;
  escalationLevel: number;
  createdAt: string;
  updatedAt: string;
};

export type WorkOrderAttachment = { id: string; fileName: string; contentType: string; byteSize: number };

export type WorkOrderEventKind =
  | 'created'
  | 'status'
  | 'assigned'
  | 'comment'
  | 'reply'
  | 'attachment'
  | 'watcher'
  | 'linked'
  | 'reminder'
  | 'breach'
  | 'escalation'
  | 'customer_notified'
  | 'updated';

export type WorkOrderEvent = {
  id: string;
  kind: WorkOrderEventKind;
  /** The customer sees it in their progress view. */
  public: boolean;
  actor: Person | null;
  body: string | null;
  meta: Record<string, unknown>;
  attachments: WorkOrderAttachment[];
  createdAt: string;
};

export type SlaTargetState = {
  target: SlaTargetKey;
  targetMinutes: number;
  dueAt: string | null;
  metAt: string | null;
  remainingMs: number;
  paused: boolean;
  breached: boolean;
  running: boolean;
  reminderAt: string | null;
};

export type EscalationState = { level: number; afterMinutes: number; notify: 'team_lead' | 'supervisor'; at: string | null; reached: boolean };

export type WorkOrderLink = { conversationId: string; customer: CustomerRef | null; linkedAt: string; notifiedAt: string | null };

export type WorkOrder = WorkOrderListItem & {
  description: string | null;
  fields: Record<string, unknown>;
  typeFields: TypeField[];
  createdBy: Person | null;
  slaPolicyName: string | null;
  slaTargets: SlaTargetState[];
  escalation: EscalationState[];
  /** The status changes open now. */
  actions: WorkOrderAction[];
  watchers: Person[];
  watching: boolean;
  links: WorkOrderLink[];
  events: WorkOrderEvent[];
  resolvedAt: string | null;
  closedAt: string | null;
};

export type WorkOrderQuery = {
  view: WorkOrderView;
  status?: WorkOrderStatus | 'active';
  typeId?: string;
  teamId?: string;
  customerId?: string;
  conversationId?: string;
  q?: string;
  cursor?: string;
  limit?: number;
};
export type WorkOrderList = { items: WorkOrderListItem[]; nextCursor: string | null };

export type WorkOrderInput = {
  typeId: string;
  title: string;
  description?: string | null;
  fields?: Record<string, unknown>;
  priority?: Priority;
  teamId?: string | null;
  assigneeId?: string | null;
  customerId?: string | null;
  conversationId?: string | null;
  isTracker?: boolean;
  clientId?: string;
};

export type WorkOrderPatch = {
  title?: string;
  description?: string | null;
  fields?: Record<string, unknown>;
  priority?: Priority;
  teamId?: string | null;
  assigneeId?: string | null;
};

export type CommentInput = { body: string; public: boolean; mentions?: string[]; attachmentIds?: string[]; clientId?: string };

const one = (id: string, rest = '') => `/api/work-orders/${encodeURIComponent(id)}${rest}`;
type One = { workOrder: WorkOrder };

export const workOrdersApi = {
  list: (query: WorkOrderQuery, signal?: AbortSignal) => api.get<WorkOrderList>('/api/work-orders', query, signal),
  get: (id: string, signal?: AbortSignal) => api.get<One>(one(id), undefined, signal).then((r) => r.workOrder),
  create: (input: WorkOrderInput) => api.post<One>('/api/work-orders', input).then((r) => r.workOrder),
  update: (id: string, patch: WorkOrderPatch) => api.patch<One>(one(id), patch).then((r) => r.workOrder),
  transition: (id: string, action: WorkOrderAction, note?: string) => api.post<One>(one(id, '/transition'), { action, ...(note ? { note } : {}) }).then((r) => r.workOrder),
  comment: (id: string, input: CommentInput) => api.post<One>(one(id, '/comments'), input).then((r) => r.workOrder),
  watch: (id: string) => apiRequest<One>(one(id, '/watch'), { method: 'PUT', body: {} }).then((r) => r.workOrder),
  unwatch: (id: string) => api.delete<One>(one(id, '/watch')).then((r) => r.workOrder),
  link: (id: string, conversationId: string) => api.post<One>(one(id, '/links'), { conversationId }).then((r) => r.workOrder),
  unlink: (id: string, conversationId: string) => api.delete<One>(one(id, `/links/${encodeURIComponent(conversationId)}`)).then((r) => r.workOrder),
  types: (signal?: AbortSignal) => api.get<{ items: WorkOrderType[] }>('/api/work-order-types', undefined, signal).then((r) => r.items),
};

export const attachmentUrl = (workOrderId: string, attachmentId: string) => one(workOrderId, `/attachments/${encodeURIComponent(attachmentId)}`);

/** Uploads one file as the raw body; its id then goes with a comment (attachmentIds). */
export function uploadWorkOrderFile(workOrderId: string, file: File, onProgress?: (percent: number) => void, signal?: AbortSignal): Promise<WorkOrderAttachment> {
  return uploadRaw<WorkOrderAttachment>(one(workOrderId, '/attachments'), file, { headers: { 'x-file-name': encodeURIComponent(file.name || 'file') }, onProgress, signal });
}

/**
 * Work orders made or changed in this tab: lists elsewhere on the page (a conversation's linked work
 * orders) refresh at once, without waiting for the realtime event.
 */
const changeListeners = new Set<(id: string) => void>();
export function announceWorkOrderChange(id: string): void {
  changeListeners.forEach((fn) => fn(id));
}
export function onWorkOrderChange(fn: (id: string) => void): () => void {
  changeListeners.add(fn);
  return () => changeListeners.delete(fn);
}
