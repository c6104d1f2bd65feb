import { api, apiRequest } from '../../app/api-client';

/** Key accounts (大客户) and their return visits, as in src/contracts/key-accounts.ts. */
export type VisitUnit = 'day' | 'week' | 'month';
export const VISIT_UNITS: readonly VisitUnit[] = ['day', 'week', 'month'];

export type Person = { id: string; name: string };
export type KeyAccountContact = { name: string; title: string | null; phone: string | null; email: string | null };

export type KeyAccount = {
  customerId: string;
  customerName: string | null;
  manager: Person | null;
  company: string | null;
  contacts: KeyAccountContact[];
  contractTerms: string | null;
  notes: string | null;
  /** Percent off the list price: 10 is 九折. */
  discountPercent: number | null;
  paymentTerms: string | null;
  visitEvery: { n: number; unit: VisitUnit } | null;
  nextVisitAt: string | null;
  lastVisitAt: string | null;
  since: string;
};

export type KeyAccountInput = {
  managerId: string | null;
  company?: string | null;
  contacts?: { name: string; title?: string | null; phone?: string | null; email?: string | null }[];
  contractTerms?: string | null;
  notes?: string | null;
  discountPercent?: number | null;
  paymentTerms?: string | null;
  visitEvery?: { n: number; unit: VisitUnit } | null;
  nextVisitAt?: string | null;
};

export type Visit = {
  id: string;
  customerId: string;
  customerName: string | null;
  company: string | null;
  manager: Person | null;
  dueAt: string;
  status: 'scheduled' | 'done' | 'cancelled';
  overdue: boolean;
  outcome: string | null;
  doneAt: string | null;
  doneBy: Person | null;
};

const customerPath = (id: string) => `/api/customers/${encodeURIComponent(id)}`;

export const keyAccountsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: KeyAccount[] }>('/api/key-accounts', undefined, signal).then((r) => r.items),
  due: (query: { managerId?: string; days?: number }, signal?: AbortSignal) => api.get<{ items: Visit[] }>('/api/key-accounts/due', query, signal).then((r) => r.items),
  get: (customerId: string, signal?: AbortSignal) => api.get<{ keyAccount: KeyAccount | null }>(`${customerPath(customerId)}/key-account`, undefined, signal).then((r) => r.keyAccount),
  save: (customerId: string, input: KeyAccountInput) =>
    apiRequest<{ keyAccount: KeyAccount }>(`${customerPath(customerId)}/key-account`, { method: 'PUT', body: input }).then((r) => r.keyAccount),
  remove: (customerId: string) => api.delete(`${customerPath(customerId)}/key-account`),
  visits: (customerId: string, signal?: AbortSignal) => api.get<{ items: Visit[] }>(`${customerPath(customerId)}/visits`, undefined, signal).then((r) => r.items),
  complete: (visitId: string, outcome: string) => api.post<{ visit: Visit; next: Visit | null }>(`/api/key-accounts/visits/${encodeURIComponent(visitId)}/complete`, { outcome }),
};

/** Members who can be account managers: the active ones (needs users.read, which every key-account editor has). */
export const membersApi = {
  list: (signal?: AbortSignal) => api.get<{ items: { id: string; name: string; status: string }[] }>('/api/users', { status: 'active' }, signal).then((r) => r.items),
};
