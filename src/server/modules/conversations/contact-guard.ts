import type { Ctx } from '../../platform/context.ts';

/**
 * Before an agent writes again to a customer in a conversation that was closed (reopening a resolved
 * one, or replying in it), the shop's contact rules are asked: the customers module registers its
 * 30-day window and consent check here (seed 001); this module does not know them. Unregistered:
 * nothing is checked.
 */
export type ContactGuard = (ctx: Ctx, conversation: { customerId: string; channel: string }) => Promise<void>;

let guard: ContactGuard | null = null;

export function onAgentRecontact(fn: ContactGuard | null): void {
  guard = fn;
}

export async function checkRecontact(ctx: Ctx, conversation: { customerId: string; channel: string }): Promise<void> {
  if (guard) await guard(ctx, conversation);
}
