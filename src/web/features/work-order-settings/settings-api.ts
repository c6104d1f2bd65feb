import { api } from '../../app/api-client';

/** Work order settings (工单设置), as in src/contracts/tickets.ts. */
export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'normal', 'low'];
export type WorkPeriod = { from: string; to: string };
export type CalendarDay = { date: string; kind: 'holiday' | 'workday'; name?: string };

export type SlaCalendar = { id: string; name: string; timezone: string; week: WorkPeriod[][]; days: CalendarDay[]; makeUpHours: WorkPeriod[] | null; usedBy: number };
export type SlaCalendarInput = { name: string; timezone?: string; week: WorkPeriod[][]; days?: CalendarDay[]; makeUpHours?: WorkPeriod[] | null };

export type SlaTargetRow = { priority: Priority | null; tierId: string | null; firstResponseMinutes: number | null; nextResponseMinutes: number | null; resolutionMinutes: number | null };
export type EscalationLevel = { level: number; afterMinutes: number; notify: 'team_lead' | 'supervisor' };
export type SlaPolicy = { id: string; name: string; calendarId: string | null; calendarName: string | null; targets: SlaTargetRow[]; reminderShare: number; escalation: EscalationLevel[]; usedBy: number };
export type SlaPolicyInput = { name: string; calendarId?: string | null; targets: SlaTargetRow[]; reminderShare?: number; escalation?: EscalationLevel[] };

export type FieldKind = 'text' | 'textarea' | 'number' | 'date' | 'select';
export const FIELD_KINDS: readonly FieldKind[] = ['text', 'textarea', 'number', 'date', 'select'];
export type TypeField = { key: string; label: string; kind: FieldKind; options?: string[]; required?: boolean };
export type WorkOrderType = {
  id: string; name: string; description: string | null; fields: TypeField[]; defaultTeamId: string | null; defaultTeamName: string | null;
  defaultPriority: Priority; slaPolicyId: string | null; slaPolicyName: string | null; archived: boolean;
};
export type WorkOrderTypeInput = { name: string; description?: string | null; fields?: TypeField[]; defaultTeamId?: string | null; defaultPriority?: Priority; slaPolicyId?: string | null };

const id = (v: string) => encodeURIComponent(v);

export const settingsApi = {
  calendars: (signal?: AbortSignal) => api.get<{ items: SlaCalendar[] }>('/api/sla-calendars', undefined, signal).then((r) => r.items),
  publicHolidays: () => api.get<{ days: CalendarDay[] }>('/api/sla-calendars/public-holidays').then((r) => r.days),
  createCalendar: (body: SlaCalendarInput) => api.post<{ calendar: SlaCalendar }>('/api/sla-calendars', body).then((r) => r.calendar),
  updateCalendar: (calendarId: string, body: Partial<SlaCalendarInput>) => api.patch<{ calendar: SlaCalendar }>(`/api/sla-calendars/${id(calendarId)}`, body).then((r) => r.calendar),
  deleteCalendar: (calendarId: string) => api.delete(`/api/sla-calendars/${id(calendarId)}`),

  policies: (signal?: AbortSignal) => api.get<{ items: SlaPolicy[] }>('/api/sla-policies', undefined, signal).then((r) => r.items),
  createPolicy: (body: SlaPolicyInput) => api.post<{ policy: SlaPolicy }>('/api/sla-policies', body).then((r) => r.policy),
  updatePolicy: (policyId: string, body: Partial<SlaPolicyInput>) => api.patch<{ policy: SlaPolicy }>(`/api/sla-policies/${id(policyId)}`, body).then((r) => r.policy),
  deletePolicy: (policyId: string) => api.delete(`/api/sla-policies/${id(policyId)}`),

  types: (signal?: AbortSignal) => api.get<{ items: WorkOrderType[] }>('/api/work-order-types', { includeArchived: 'true' }, signal).then((r) => r.items),
  createType: (body: WorkOrderTypeInput) => api.post<{ type: WorkOrderType }>('/api/work-order-types', body).then((r) => r.type),
  updateType: (typeId: string, body: Partial<WorkOrderTypeInput> & { archived?: boolean }) => api.patch<{ type: WorkOrderType }>(`/api/work-order-types/${id(typeId)}`, body).then((r) => r.type),
  deleteType: (typeId: string) => api.delete(`/api/work-order-types/${id(typeId)}`),

  teams: (signal?: AbortSignal) => api.get<{ items: Array<{ id: string; name: string; parentId: string | null }> }>('/api/teams', undefined, signal).then((r) => r.items),
  tiers: (signal?: AbortSignal) => api.get<{ items: Array<{ key: string; nameZh: string; nameEn: string }> }>('/api/loyalty/tiers', undefined, signal).then((r) => r.items),
};

/** "4 小时", "30 分钟", "1 小时 30 分钟": minutes of working time, in hours (a working day is not 24 of them). */
export function minutesText(minutes: number | null, units: { h: string; m: string }): string {
  if (minutes === null) return '—';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} ${units.h}` : '', m ? `${m} ${units.m}` : ''].filter(Boolean).join(' ') || `0 ${units.m}`;
}
