import { z } from 'zod';
import { IsoDate } from './common.ts';

/**
 * A customer's personal data (个人信息): revealing a masked contact (audited), exporting one
 * customer's data as JSON, and erasing it. Shared by the server and the web app.
 */
export const RevealBody = z.strictObject({
  reason: z.string().trim().max(200).optional().describe('why the contact is needed; kept in the audit log'),
});

export const RevealedContact = z.object({
  customerId: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.object({ province: z.string().nullable(), city: z.string().nullable(), district: z.string().nullable() }),
  identities: z.array(z.object({ kind: z.string(), platform: z.string().nullable(), value: z.string() })),
}).meta({ id: 'RevealedContact' });

/** The export is a document of the customer's records as stored; its parts are described, not typed field by field. */
export const CustomerExport = z.object({
  format: z.literal('shopdesk.customer-export.v1'),
  exportedAt: IsoDate,
  customer: z.record(z.string(), z.unknown()),
  identities: z.array(z.record(z.string(), z.unknown())),
  orders: z.array(z.record(z.string(), z.unknown())).describe('each with its items'),
  conversations: z.array(z.record(z.string(), z.unknown())).describe('each with its messages (internal notes left out)'),
  timeline: z.array(z.record(z.string(), z.unknown())),
  consents: z.array(z.record(z.string(), z.unknown())),
  keyAccount: z.record(z.string(), z.unknown()).nullable(),
  visits: z.array(z.record(z.string(), z.unknown())),
}).meta({ id: 'CustomerExport' });

export const EraseBody = z.strictObject({
  confirm: z.boolean().describe('erasure cannot be undone: only true erases'),
  reason: z.string().trim().max(200).optional(),
});

export const Erased = z.object({
  customerId: z.string(),
  erasedAt: IsoDate,
  identities: z.number().int().describe('identities whose values were removed'),
  messages: z.number().int().describe("the customer's messages whose text was replaced"),
  attachments: z.number().int().describe('files the customer sent, deleted'),
}).meta({ id: 'CustomerErased' });
