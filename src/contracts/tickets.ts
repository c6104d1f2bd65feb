import { z } from 'zod';
import { IsoDate, Text } from './common.ts';

/**
 * Work orders (工单) and their SLAs: types, service calendars, SLA policies, the work orders
 * themselves with their timeline, notifications, the customer's progress view and the reports.
 * Shared by the server and the web app.
 */
const Id = z.string().min(1).max(64);
const Line = (max: number) => z.string().trim().max(max);

export const Priority = z.enum(['low', 'normal', 'high', 'urgent']);
export const WorkOrderStatus = z.enum(['new', 'open', 'pending_customer', 'pending_team', 'resolved', 'closed']);
export const WorkOrderAction = z.enum(['start', 'wait_customer', 'wait_team', 'resume', 'resolve', 'close', 'reopen']);
export const SlaTargetKey = z.enum(['first_response', 'next_response', 'resolution']);

// ——— Service calendars (服务时间) ———

const Clock = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'HH:MM');
export const WorkPeriod = z.strictObject({ from: Clock, to: Clock });
export const CalendarDay = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
  kind: z.enum(['holiday', 'workday']).describe('holiday: nothing runs; workday: a make-up working day (调休上班)'),
  name: Line(40).optional(),
});

export const SlaCalendar = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  week: z.array(z.array(WorkPeriod)).length(7).describe('Monday first; an empty day is closed'),
  days: z.array(CalendarDay),
  makeUpHours: z.array(WorkPeriod).nullable(),
  usedBy: z.number().int().describe('SLA policies on this calendar'),
}).meta({ id: 'SlaCalendar' });

export const SlaCalendarBody = z.strictObject({
  name: Text(60),
  timezone: Line(64).min(1).optional().describe('an IANA zone; default Asia/Shanghai'),
  week: z.array(z.array(WorkPeriod).max(6)).length(7),
  days: z.array(CalendarDay).max(2000).optional(),
  makeUpHours: z.array(WorkPeriod).max(6).nullable().optional(),
});
export const SlaCalendarPatch = SlaCalendarBody.partial();
export const SlaCalendarList = z.object({ items: z.array(SlaCalendar) });

// ——— SLA policies (SLA 策略) ———

const Minutes = z.number().int().min(1).max(60 * 24 * 365).nullable();
export const SlaTargetRow = z.strictObject({
  priority: Priority.nullable().describe('null: any priority'),
  tierId: Id.nullable().describe('a membership tier; null: any tier'),
  firstResponseMinutes: Minutes,
  nextResponseMinutes: Minutes,
  resolutionMinutes: Minutes,
});
export const EscalationLevel = z.strictObject({
  level: z.number().int().min(1).max(5),
  afterMinutes: z.number().int().min(0).max(60 * 24 * 30).describe('working minutes past the due time'),
  notify: z.enum(['team_lead', 'supervisor']),
});

export const SlaPolicy = z.object({
  id: z.string(),
  name: z.string(),
  calendarId: z.string().nullable().describe('null: round the clock'),
  calendarName: z.string().nullable(),
  targets: z.array(SlaTargetRow),
  reminderShare: z.number().describe('0.8: remind at 80 % of the time'),
  escalation: z.array(EscalationLevel),
  usedBy: z.number().int().describe('work order types on this policy'),
}).meta({ id: 'SlaPolicy' });

export const SlaPolicyBody = z.strictObject({
  name: Text(60),
  calendarId: Id.nullable().optional(),
  targets: z.array(SlaTargetRow).min(1).max(100),
  reminderShare: z.number().gt(0).max(1).optional(),
  escalation: z.array(EscalationLevel).max(5).optional(),
});
export const SlaPolicyPatch = SlaPolicyBody.partial();
export const SlaPolicyList = z.object({ items: z.array(SlaPolicy) });

// ——— Work order types (工单类型) ———

export const FieldKind = z.enum(['text', 'textarea', 'number', 'date', 'select']);
export const TypeField = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and _'),
  label: Text(40),
  kind: FieldKind,
  options: z.array(Text(60)).max(50).optional(),
  required: z.boolean().optional(),
});

export const WorkOrderType = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  fields: z.array(TypeField),
  defaultTeamId: z.string().nullable(),
  defaultTeamName: z.string().nullable(),
  defaultPriority: Priority,
  slaPolicyId: z.string().nullable(),
  slaPolicyName: z.string().nullable(),
  archived: z.boolean(),
}).meta({ id: 'WorkOrderType' });

export const WorkOrderTypeBody = z.strictObject({
  name: Text(40),
  description: Line(500).nullable().optional(),
  fields: z.array(TypeField).max(30).optional(),
  defaultTeamId: Id.nullable().optional(),
  defaultPriority: Priority.optional(),
  slaPolicyId: Id.nullable().optional(),
});
export const WorkOrderTypePatch = WorkOrderTypeBody.partial().extend({ archived: z.boolean().optional() });
export const WorkOrderTypeList = z.object({ items: z.array(WorkOrderType) });

// ——— Work orders (工单) ———

const Person = z.object({ id: z.string(), name: z.string() });

export const SlaClock = z.object({
  target: SlaTargetKey.describe('the target the countdown is for: the first one not yet met'),
  dueAt: IsoDate.nullable().describe('null while paused'),
  remainingMs: z.number().describe('working time left; negative once overdue'),
  paused: z.boolean(),
  breached: z.boolean(),
  running: z.boolean().describe('the clock runs at this moment (working hours, not paused): a countdown ticks only then'),
  targetMinutes: z.number().int().describe('the length of the target, in working minutes'),
}).meta({ id: 'SlaClock' });

export const WorkOrderListItem = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  typeId: z.string(),
  typeName: z.string(),
  priority: Priority,
  status: WorkOrderStatus,
  isTracker: z.boolean(),
  team: Person.nullable(),
  assignee: Person.nullable(),
  customer: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  conversationId: z.string().nullable(),
  sla: SlaClock.nullable().describe('null: no target runs (none set, all met, or resolved)'),
  escalationLevel: z.number().int(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
}).meta({ id: 'WorkOrderListItem' });

export const WorkOrderListQuery = z.strictObject({
  view: z.enum(['mine', 'team', 'all', 'watching']).default('all'),
  status: z.union([WorkOrderStatus, z.literal('active')]).optional().describe('active: new, open and pending'),
  typeId: Id.optional(),
  teamId: Id.optional(),
  customerId: Id.optional(),
  conversationId: Id.optional(),
  q: Line(100).optional().describe('title contains, or #number'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const WorkOrderList = z.object({ items: z.array(WorkOrderListItem), nextCursor: z.string().nullable() });

export const WorkOrderEvent = z.object({
  id: z.string(),
  kind: z.enum(['created', 'status', 'assigned', 'comment', 'reply', 'attachment', 'watcher', 'linked', 'reminder', 'breach', 'escalation', 'customer_notified', 'updated']),
  public: z.boolean().describe('the customer sees it in their progress view'),
  actor: Person.nullable(),
  body: z.string().nullable(),
  meta: z.record(z.string(), z.unknown()),
  attachments: z.array(z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), byteSize: z.number().int() })),
  createdAt: IsoDate,
}).meta({ id: 'WorkOrderEvent' });

export const SlaTargetState = z.object({
  target: SlaTargetKey,
  targetMinutes: z.number().int(),
  dueAt: IsoDate.nullable(),
  metAt: IsoDate.nullable(),
  remainingMs: z.number(),
  paused: z.boolean(),
  breached: z.boolean(),
  running: z.boolean().describe('the clock runs at this moment (working hours, not paused, not met)'),
  reminderAt: IsoDate.nullable(),
});

export const WorkOrder = WorkOrderListItem.extend({
  description: z.string().nullable(),
  fields: z.record(z.string(), z.unknown()),
  typeFields: z.array(TypeField),
  createdBy: Person.nullable(),
  slaPolicyName: z.string().nullable(),
  slaTargets: z.array(SlaTargetState),
  escalation: z.array(EscalationLevel.extend({ at: IsoDate.nullable(), reached: z.boolean() })),
  actions: z.array(WorkOrderAction).describe('the status changes open now'),
  watchers: z.array(Person),
  watching: z.boolean(),
  links: z.array(z.object({ conversationId: z.string(), customer: z.object({ id: z.string(), name: z.string().nullable() }).nullable(), linkedAt: IsoDate, notifiedAt: IsoDate.nullable() })),
  events: z.array(WorkOrderEvent),
  resolvedAt: IsoDate.nullable(),
  closedAt: IsoDate.nullable(),
}).meta({ id: 'WorkOrder' });
export const WorkOrderOne = z.object({ workOrder: WorkOrder });

export const WorkOrderBody = z.strictObject({
  typeId: Id,
  title: Text(200),
  description: Line(10_000).nullable().optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
  priority: Priority.optional().describe("default: the type's"),
  teamId: Id.nullable().optional().describe("default: the type's team"),
  assigneeId: Id.nullable().optional(),
  customerId: Id.nullable().optional().describe("default: the conversation's customer"),
  conversationId: Id.nullable().optional().describe('the chat it is made from: linked both ways'),
  isTracker: z.boolean().optional(),
  clientId: z.string().min(1).max(64).optional().describe('a retry with the same clientId returns the work order made the first time'),
});

export const WorkOrderPatch = z.strictObject({
  title: Text(200).optional(),
  description: Line(10_000).nullable().optional(),
  fields: z.record(z.string(), z.unknown()).optional(),
  priority: Priority.optional(),
  teamId: Id.nullable().optional(),
  assigneeId: Id.nullable().optional(),
});

export const TransitionBody = z.strictObject({
  action: WorkOrderAction,
  note: Line(2000).optional().describe('said on the timeline with the change'),
});

export const CommentBody = z.strictObject({
  body: Line(10_000),
  public: z.boolean().default(false).describe("true: a reply the customer sees, sent through the conversation's channel"),
  mentions: z.array(Id).max(20).optional(),
  attachmentIds: z.array(Id).max(10).optional(),
  clientId: z.string().min(1).max(64).optional(),
});

export const LinkBody = z.strictObject({ conversationId: Id });

export const WorkOrderPeople = z.object({
  teams: z.array(z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable(), members: z.array(z.object({ userId: z.string(), name: z.string(), isLead: z.boolean() })) })),
  members: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
}).meta({ id: 'WorkOrderPeople' });

export const WorkOrderAttachment = z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), byteSize: z.number().int() });

// ——— Notifications (通知) ———

export const NotificationKind = z.enum(['assigned', 'mention', 'reply', 'reminder', 'breach', 'escalation', 'resolved']);
export const Notification = z.object({
  id: z.string(),
  kind: NotificationKind,
  workOrderId: z.string().nullable(),
  title: z.string(),
  body: z.string().nullable(),
  read: z.boolean(),
  createdAt: IsoDate,
}).meta({ id: 'Notification' });
export const NotificationList = z.object({ items: z.array(Notification), unread: z.number().int(), nextCursor: z.string().nullable() });
export const NotificationsQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const NotificationsReadBody = z.strictObject({ ids: z.array(z.string().max(40)).max(500).optional(), all: z.boolean().optional() });

// ——— The customer's progress view (工单进度) ———

export const ProgressItem = z.object({
  number: z.number().int(),
  title: z.string(),
  typeName: z.string(),
  status: WorkOrderStatus,
  statusLabel: z.string(),
  createdAt: IsoDate,
  updatedAt: IsoDate,
  replies: z.array(z.object({ body: z.string(), by: z.string().nullable(), at: IsoDate })),
}).meta({ id: 'WorkOrderProgressItem' });
export const ProgressList = z.object({ items: z.array(ProgressItem), link: z.string().nullable().describe('the same view as a page, for email') });

// ——— Reports (报表) ———

export const ReportQuery = z.strictObject({
  from: z.string().regex(/^\d{4}-\d{2}$/).optional().describe('first month, YYYY-MM; default: five months back'),
  to: z.string().regex(/^\d{4}-\d{2}$/).optional().describe('last month, YYYY-MM; default: this month'),
});
const HitRow = z.object({ key: z.string(), name: z.string(), total: z.number().int(), met: z.number().int(), breached: z.number().int(), rate: z.number().nullable() });
export const SlaReport = z.object({
  byTeam: z.array(HitRow),
  byType: z.array(HitRow),
  byMonth: z.array(HitRow),
}).meta({ id: 'SlaReport' });
export const AgeReport = z.object({
  buckets: z.array(z.object({ key: z.enum(['lt1d', '1to3d', '3to7d', 'gt7d']), count: z.number().int() })),
  byTeam: z.array(z.object({ teamId: z.string().nullable(), name: z.string(), lt1d: z.number().int(), '1to3d': z.number().int(), '3to7d': z.number().int(), gt7d: z.number().int() })),
  total: z.number().int(),
}).meta({ id: 'WorkOrderAgeReport' });
