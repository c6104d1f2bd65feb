import type { Message } from './types.ts';

/**
 * uploading: its file is on its way up; sending: not yet acknowledged; failed: no answer in time
 * (resent automatically); rejected: the server refused it (resent only on retry).
 */
export type PendingState = 'uploading' | 'sending' | 'failed' | 'rejected';
/** A file the shopper picked: `file` and `url` (a local preview) live only in this page. */
export type PendingFile = { name: string; size: number; type: string; file?: File; url?: string; progress?: number };
export type Pending = { clientId: string; body: string; createdAt: string; state: PendingState; error?: string; attachmentIds?: string[]; upload?: PendingFile };
export type Item = { kind: 'stored'; message: Message } | { kind: 'pending'; pending: Pending };

/** Message ids are decimal strings that grow; compare them as numbers without losing precision. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The visitor's messages: the stored ones (deduplicated by id, ordered by id) and the ones not yet
 * acknowledged (keyed by their client id, in the order they were written).
 */
export class MessageStore {
  private stored = new Map<string, Message>();
  private order: Message[] = [];
  private pending = new Map<string, Pending>();
  maxId = '0';

  /** Adds a stored message; returns false if it was already known. A pending message with its client id is settled by it. */
  add(message: Message): boolean {
    if (message.clientId) this.pending.delete(message.clientId);
    if (message.kind === 'note' || this.stored.has(message.id)) return false;
    this.stored.set(message.id, message);
    if (compareIds(message.id, this.maxId) > 0) {
      this.maxId = message.id;
      this.order.push(message);
    } else {
      this.order.push(message);
      this.order.sort((a, b) => compareIds(a.id, b.id));
    }
    return true;
  }

  addPending(clientId: string, body: string, createdAt: string, upload?: PendingFile): Pending {
    const p: Pending = { clientId, body, createdAt, state: upload ? 'uploading' : 'sending', upload };
    this.pending.set(clientId, p);
    return p;
  }

  /** Restores messages that were still unacknowledged when the page was left. */
  restorePending(list: Pending[]): void {
    for (const p of list) {
      if (p && typeof p.clientId === 'string' && typeof p.body === 'string' && !this.pending.has(p.clientId)) {
        const ids = Array.isArray(p.attachmentIds) ? p.attachmentIds.filter((id) => typeof id === 'string') : [];
        const upload = p.upload && typeof p.upload.name === 'string' ? { name: p.upload.name, size: Number(p.upload.size) || 0, type: String(p.upload.type ?? '') } : undefined;
        if (!p.body && !ids.length) continue;
        this.pending.set(p.clientId, { clientId: p.clientId, body: p.body, createdAt: p.createdAt, state: 'sending', ...(ids.length ? { attachmentIds: ids, upload } : {}) });
      }
    }
  }

  /** The server has stored it: the acknowledged copy arrives through `add`. */
  settle(clientId: string): boolean {
    return this.pending.delete(clientId);
  }

  setState(clientId: string, state: PendingState, error?: string): boolean {
    const p = this.pending.get(clientId);
    if (!p) return false;
    p.state = state;
    p.error = error;
    return true;
  }

  getPending(clientId: string): Pending | undefined {
    return this.pending.get(clientId);
  }

  /** What has not been acknowledged, oldest first. */
  unacked(): Pending[] {
    return [...this.pending.values()];
  }

  /** What to resend without being asked: everything unacknowledged that the server has not refused. */
  toResend(): Pending[] {
    return this.unacked().filter((p) => p.state !== 'rejected' && p.state !== 'uploading');
  }

  messages(): readonly Message[] {
    return this.order;
  }

  items(): Item[] {
    const items: Item[] = this.order.map((message) => ({ kind: 'stored', message }));
    for (const pending of this.pending.values()) items.push({ kind: 'pending', pending });
    return items;
  }
}
