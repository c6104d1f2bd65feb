import { z } from 'zod';
import { IsoDate } from './common.ts';

/**
 * Key accounts (大客户, seed 003): the account manager, a business file (业务档案), a sales policy
 * (销售政策) and scheduled return visits (回访). Shared by the server and the web app.
 */
const Id = z.string().min(1).max(64);
export const VisitUnit = z.enum(['day', 'week', 'month']);

export const KeyAccountContact = z.object({
  name: z.string(),
  title: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
}).meta({ id: 'KeyAccountContact' });

export const KeyAccount = z.object({
  customerId: z.string(),
  customerName: z.string().nullable(),
  manager: z.object({ id: z.string(), name: z.string() }).nullable(),
  company: z.string().nullable(),
  contacts: z.array(KeyAccountContact).describe('phones and emails masked for roles without customers.contact.read'),
  contractTerms: z.string().nullable(),
  notes: z.string().nullable(),
  discountPercent: z.number().nullable().describe('percent off the list price: 10 is 九折'),
  paymentTerms: z.string().nullable(),
  visitEvery: z.object({ n: z.number().int(), unit: VisitUnit }).nullable(),
  nextVisitAt: IsoDate.nullable(),
  lastVisitAt: IsoDate.nullable(),
  since: IsoDate,
}).meta({ id: 'KeyAccount' });

export const KeyAccountOne = z.object({ keyAccount: KeyAccount.nullable() });
export const KeyAccountList = z.object({ items: z.array(KeyAccount) });

const Line = (max: number) => z.string().trim().max(max).nullable().optional();

export const KeyAccountBody = z.strictObject({
  managerId: Id.nullable().describe('the member who looks after the customer; routing sends their chats to them'),
  company: Line(200),
  contacts: z.array(z.strictObject({ name: z.string().trim().min(1).max(60), title: Line(60), phone: Line(40), email: Line(200) })).max(20).optional(),
  contractTerms: Line(2000),
  notes: Line(2000),
  discountPercent: z.number().gt(0).lt(100).nullable().optional(),
  paymentTerms: Line(200),
  visitEvery: z.strictObject({ n: z.number().int().min(1).max(365), unit: VisitUnit }).nullable().optional(),
  nextVisitAt: IsoDate.nullable().optional().describe('when the next return visit is due; default: one interval from now'),
});

export const Visit = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string().nullable(),
  company: z.string().nullable(),
  manager: z.object({ id: z.string(), name: z.string() }).nullable(),
  dueAt: IsoDate,
  status: z.enum(['scheduled', 'done', 'cancelled']),
  overdue: z.boolean(),
  outcome: z.string().nullable(),
  doneAt: IsoDate.nullable(),
  doneBy: z.object({ id: z.string(), name: z.string() }).nullable(),
}).meta({ id: 'KeyAccountVisit' });

export const VisitList = z.object({ items: z.array(Visit) });

export const DueQuery = z.strictObject({
  managerId: Id.optional().describe("another manager's visits (needs key_accounts.manage); default: mine"),
  days: z.coerce.number().int().min(0).max(90).default(7).describe('visits due within this many days from now, and every overdue one'),
});

export const CompleteVisitBody = z.strictObject({
  outcome: z.string().trim().min(1).max(2000).describe('what was said and agreed (回访结果)'),
});

export const VisitDone = z.object({ visit: Visit, next: Visit.nullable() });
