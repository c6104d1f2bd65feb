import { z } from 'zod';
import { IsoDate } from './common.ts';

/** Labels (标签) the team puts on conversations: shared by the server and the agent workspace. */
export const LabelColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1677ff');

export const LabelRef = z.object({ id: z.string(), name: z.string(), color: z.string() }).meta({ id: 'LabelRef' });

export const Label = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string(),
  conversations: z.number().int().describe('conversations that carry it'),
  createdAt: IsoDate,
}).meta({ id: 'Label' });

export const LabelBody = z.strictObject({
  name: z.string().trim().min(1).max(30).regex(/^[^,]+$/, 'no commas'),
  color: LabelColor.optional(),
});
export const LabelPatch = LabelBody.partial();
export const LabelList = z.object({ items: z.array(Label) });

export const ConversationLabelsBody = z.strictObject({
  labelIds: z.array(z.string().min(1).max(64)).max(20).describe('the whole set: labels not named are taken off'),
});
export const ConversationLabelBody = z.strictObject({ labelId: z.string().min(1).max(64) });
