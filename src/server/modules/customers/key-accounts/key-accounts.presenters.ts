import { maskEmail, maskPhone } from '../../../platform/mask.ts';
import type { ContactView } from '../customers.presenters.ts';
import type { KeyAccountContact, VisitStatus, VisitUnit } from './key-accounts.tables.ts';
import { isOverdue } from './visit-schedule.ts';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? id } : null);

export type KeyAccountRow = {
  customer_id: string;
  customer_name: string | null;
  customer_nickname: string | null;
  account_manager_id: string | null;
  manager_name: string | null;
  company: string | null;
  contacts: KeyAccountContact[];
  contract_terms: string | null;
  notes: string | null;
  discount_percent: string | null;
  payment_terms: string | null;
  visit_every: number | null;
  visit_unit: VisitUnit | null;
  next_visit_at: Date | string | null;
  last_visit_at: Date | string | null;
  created_at: Date;
};

function presentContact(c: KeyAccountContact, view: ContactView) {
  const masked = view === 'masked';
  return {
    name: c.name,
    title: c.title ?? null,
    phone: masked ? maskPhone(c.phone) : (c.phone ?? null),
    email: masked ? maskEmail(c.email) : (c.email ?? null),
  };
}

export function presentKeyAccount(r: KeyAccountRow, view: ContactView) {
  return {
    customerId: r.customer_id,
    customerName: r.customer_name ?? r.customer_nickname,
    manager: person(r.account_manager_id, r.manager_name),
    company: r.company,
    contacts: (r.contacts ?? []).map((c) => presentContact(c, view)),
    contractTerms: r.contract_terms,
    notes: r.notes,
    discountPercent: r.discount_percent === null ? null : Number(r.discount_percent),
    paymentTerms: r.payment_terms,
    visitEvery: r.visit_every && r.visit_unit ? { n: r.visit_every, unit: r.visit_unit } : null,
    nextVisitAt: iso(r.next_visit_at),
    lastVisitAt: iso(r.last_visit_at),
    since: r.created_at.toISOString(),
  };
}

export type VisitRow = {
  id: number;
  customer_id: string;
  customer_name: string | null;
  customer_nickname: string | null;
  company: string | null;
  account_manager_id: string | null;
  manager_name: string | null;
  due_at: Date;
  status: VisitStatus;
  outcome: string | null;
  done_at: Date | null;
  done_by: string | null;
  done_by_name: string | null;
};

export function presentVisit(v: VisitRow, now: Date) {
  return {
    id: String(v.id),
    customerId: v.customer_id,
    customerName: v.customer_name ?? v.customer_nickname,
    company: v.company,
    manager: person(v.account_manager_id, v.manager_name),
    dueAt: v.due_at.toISOString(),
    status: v.status,
    overdue: v.status === 'scheduled' && isOverdue(v.due_at, now),
    outcome: v.outcome,
    doneAt: iso(v.done_at),
    doneBy: person(v.done_by, v.done_by_name),
  };
}

export type Visit = ReturnType<typeof presentVisit>;
