import { z } from 'zod';

/** The one error shape every route answers with. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('stable, machine-readable'),
    message: z.string().describe("in the user's language"),
    field: z.string().optional().describe('the input field at fault, if any'),
  }),
}).meta({ id: 'Error' });

export const IdParams = z.strictObject({ id: z.string().min(1).max(64) });

export const Locale = z.enum(['zh-CN', 'en']);

export const IsoDate = z.iso.datetime({ offset: true });

/** A trimmed, non-empty, bounded line of text. */
export const Text = (max = 200) => z.string().trim().min(1).max(max);

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  429: ErrorBody,
} as const;
