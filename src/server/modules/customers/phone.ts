/**
 * A phone number as stored and matched: spaces, dashes and brackets dropped, and +86 / 0086 before a
 * mainland mobile number too, so every way of writing one number finds the same customer.
 */
export function normalisePhone(raw: string): string {
  return raw.replace(/[\s\-().]/g, '').replace(/^(?:\+86|0086)(?=1\d{10}$)/, '');
}
