import { ApiError, NetworkError, WidgetApi } from './api.ts';
import { backoffDelay } from './backoff.ts';
import { translator } from './i18n.ts';
import { MAX_FILE_BYTES, MB } from '../contracts/attachment-types.ts';
import { compareIds, MessageStore, type Pending, type PendingFile } from './message-store.ts';
import { storage } from './storage.ts';
import { Transport, type LinkState } from './transport.ts';
import type { Entry, Locale, Message, QueuePlace, ShopDeskSettings, WidgetIdentity, WidgetSession } from './types.ts';
import type { LeaveForm } from './leave-form.ts';
import { WidgetView } from './view.ts';

export type WidgetOptions = { origin: string; inboxId: string; locale: Locale; settings: ShopDeskSettings };

/** A sent message with no acknowledgement after this long shows as failed (it is still resent on every reconnect). */
const ACK_WITHIN_MS = 10_000;
const TYPING_EVERY_MS = 2_500;
const TYPING_IDLE_MS = 3_000;
const AGENT_TYPING_MAX_MS = 8_000;
/** How old the inbox's online state may be when the panel is opened again. */
const SESSION_FRESH_MS = 60_000;

/** Wires the view, the message store and the link together: the widget's one controller. */
export class ShopDeskWidget {
  private t;
  private api: WidgetApi;
  private store = new MessageStore();
  private view: WidgetView;
  private transport: Transport;
  private session: WidgetSession | null = null;
  private sessionAt = 0;
  private starting: Promise<void> | null = null;
  private sessionAttempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private ackTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private typingSentAt = 0;
  private typingIdle: ReturnType<typeof setTimeout> | undefined;
  private agentTyping: ReturnType<typeof setTimeout> | undefined;
  private everLive = false;
  /** The visitor token the page's signed identity was accepted for. */
  private identityLinkedTo: string | null = null;
  private keys;

  constructor(private opts: WidgetOptions) {
    this.t = translator(opts.locale);
    this.keys = {
      visitor: `shopdesk.visitor.${opts.inboxId}`,
      outbox: `shopdesk.outbox.${opts.inboxId}`,
      read: `shopdesk.read.${opts.inboxId}`,
      open: `shopdesk.open.${opts.inboxId}`,
    };
    this.api = new WidgetApi(opts.origin, opts.locale, this.t('networkError'));
    this.view = new WidgetView(this.t, opts.locale, {
      toggle: (open) => this.toggle(open),
      send: (text) => this.send(text),
      attach: (file) => this.attach(file),
      file: (id, size) => this.fileUrl(id, size),
      retry: (clientId) => this.retry(clientId),
      typing: () => this.typing(),
      leave: (form) => this.leave(form),
      reload: () => void this.startSession(),
      workOrders: () => this.openWorkOrders(),
      closeWorkOrders: () => {
        this.ordersOpen = false;
        this.view.leaveWorkOrders();
      },
    });
    this.transport = new Transport(this.api, {
      message: (m) => this.received(m),
      ack: (clientId, m) => this.acknowledged(clientId, m),
      rejected: (clientId, text) => this.rejected(clientId, text),
      typing: (on, name) => this.showAgentTyping(on, name),
      agentRead: (upTo) => this.view.setAgentRead(upTo),
      queue: (place) => this.showQueue(place),
      ready: () => {
        this.view.setBanner(null);
        if (this.view.isOpen) {
          this.reportedRead = '0';
          this.markRead();
        }
      },
      state: (s) => this.linkState(s),
      authLost: () => void this.renewSession(),
      lastId: () => this.store.maxId,
      toResend: () => this.store.toResend(),
    });
  }

  boot(): void {
    this.view.mount();
    try {
      const saved = JSON.parse(storage.get(this.keys.outbox) ?? '[]');
      if (Array.isArray(saved)) this.store.restorePending(saved as Pending[]);
    } catch {
      // an unreadable outbox is dropped
    }
    // Messages written on an earlier page and never acknowledged go out again once the link is up.
    for (const p of this.store.unacked()) this.dispatch(p);
    const wasOpen = storage.session.get(this.keys.open) === '1';
    // A returning visitor (or one with unsent messages) connects at once, so replies raise the badge;
    // a first-time visitor costs the server nothing until the launcher is clicked.
    if (storage.get(this.keys.visitor) || this.store.unacked().length || wasOpen) void this.startSession();
    if (wasOpen) this.toggle(true);
  }

  toggle(open: boolean): void {
    this.view.setOpen(open);
    storage.session.set(this.keys.open, open ? '1' : '0');
    if (!open) return;
    this.markRead();
    if (!this.session) void this.startSession();
    else if (Date.now() - this.sessionAt > SESSION_FRESH_MS) void this.refreshSession();
    // Back on 我的工单 after the panel was closed: what it shows may be old.
    if (this.ordersOpen && this.view.current === 'orders') void this.loadWorkOrders();
  }

  private entry(): Entry {
    const product = this.opts.settings.product;
    const entry: Entry = {
      productId: clip(product?.id, 64),
      productName: clip(product?.name, 200),
      pageUrl: clip(location.href, 2000),
      pageTitle: clip(document.title, 300),
      referrer: clip(document.referrer, 2000),
    };
    for (const k of Object.keys(entry) as Array<keyof Entry>) if (!entry[k]) delete entry[k];
    return entry;
  }

  private async createSession(): Promise<WidgetSession> {
    const token = storage.get(this.keys.visitor);
    // The shop's signed identity expires. Once it has linked a visitor token to the shop's customer,
    // the token alone keeps that link, so a page left open does not resend a stale signature.
    const identity = token && token === this.identityLinkedTo ? undefined : identityOf(this.opts.settings);
    const body = { inboxId: this.opts.inboxId, visitorToken: token ?? undefined, identity, entry: this.entry(), locale: this.opts.locale };
    try {
      return this.linked(await this.api.createSession(body), identity);
    } catch (err) {
      // A token the server no longer knows (or one for another shop) is replaced by a fresh identity.
      if (token && err instanceof ApiError && (err.status === 401 || err.field === 'visitorToken')) {
        storage.remove(this.keys.visitor);
        const fresh = identityOf(this.opts.settings);
        return this.linked(await this.api.createSession({ ...body, visitorToken: undefined, identity: fresh }), fresh);
      }
      throw err;
    }
  }

  private linked(session: WidgetSession, identity: WidgetIdentity | undefined): WidgetSession {
    if (identity) this.identityLinkedTo = session.visitorToken;
    return session;
  }

  private startSession(): Promise<void> {
    this.starting ??= this.doStartSession().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async doStartSession(): Promise<void> {
    clearTimeout(this.retryTimer);
    if (!this.session) this.view.show('loading');
    let session: WidgetSession;
    try {
      session = await this.createSession();
    } catch (err) {
      if (this.session) return;
      this.view.show('error', this.t('loadError', { message: err instanceof Error ? err.message : String(err) }));
      // The shop's page stays up while the network or the server comes back: keep trying quietly.
      if (err instanceof NetworkError) this.retryTimer = setTimeout(() => void this.startSession(), backoffDelay(this.sessionAttempt++));
      return;
    }
    this.sessionAttempt = 0;
    this.adopt(session);
    this.view.show(session.inbox.online || this.store.messages().length ? 'chat' : 'leave');
    this.render(true);
    this.transport.start();
  }

  private async refreshSession(): Promise<void> {
    try {
      this.adopt(await this.createSession());
      const online = this.session?.inbox.online;
      if (online && this.view.current === 'leave') this.view.show('chat');
      if (!online && this.view.current === 'chat' && !this.store.messages().length) this.view.show('leave');
    } catch {
      // the old state stands
    }
  }

  private renewing = false;
  private async renewSession(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    try {
      this.adopt(await this.createSession());
      this.transport.restart();
    } catch {
      // the transport keeps retrying with backoff
    } finally {
      this.renewing = false;
    }
  }

  private adopt(session: WidgetSession): void {
    this.session = session;
    this.sessionAt = Date.now();
    this.api.token = session.visitorToken;
    storage.set(this.keys.visitor, session.visitorToken);
    this.view.setInbox(session.inbox);
  }

  private send(text: string): void {
    const clientId = newClientId();
    const p = this.store.addPending(clientId, text, new Date().toISOString());
    this.saveOutbox();
    this.render(true);
    this.stopTyping();
    this.dispatch(p);
    if (!this.session) void this.startSession();
  }

  /** A picked file becomes a message at once, shown with its progress; it is sent once it is stored. */
  private attach(file: File): void {
    const upload: PendingFile = { name: file.name, size: file.size, type: file.type, file, url: file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined, progress: 0 };
    const p = this.store.addPending(newClientId(), '', new Date().toISOString(), upload);
    this.render(true);
    if (file.size > MAX_FILE_BYTES) this.rejected(p.clientId, this.t('tooLarge', { limit: `${MAX_FILE_BYTES / MB} MB` }));
    else void this.upload(p);
  }

  private async upload(p: Pending): Promise<void> {
    const up = p.upload;
    if (!up?.file) return;
    try {
      if (!this.session) await this.startSession();
      if (!this.session) throw new NetworkError(this.t('networkError'));
      const ref = await this.api.upload(up.file, (percent) => {
        if (percent === up.progress) return;
        up.progress = percent;
        this.render();
      });
      p.attachmentIds = [ref.id];
      // The stored copy shows the local preview instead of downloading what was just uploaded.
      if (up.url) for (const size of ['full', 'thumb'] as const) this.files.set(`${size}:${ref.id}`, Promise.resolve(up.url));
      this.store.setState(p.clientId, 'sending');
      this.saveOutbox();
      this.render();
      this.dispatch(p);
    } catch (err) {
      this.rejected(p.clientId, err instanceof Error ? err.message : this.t('networkError'));
    }
  }

  private files = new Map<string, Promise<string>>();
  /** A file of the conversation (or an image's thumbnail) as a blob: URL, fetched once. */
  private fileUrl(id: string, size: 'full' | 'thumb' = 'full'): Promise<string> {
    const key = `${size}:${id}`;
    let url = this.files.get(key);
    if (!url) {
      url = this.api.file(id, size).then((blob) => URL.createObjectURL(blob));
      url.catch(() => this.files.delete(key));
      this.files.set(key, url);
    }
    return url;
  }

  private retry(clientId: string): void {
    const p = this.store.getPending(clientId);
    if (!p) return;
    if (p.upload?.file && !p.attachmentIds) {
      this.store.setState(clientId, 'uploading');
      this.render();
      void this.upload(p);
      return;
    }
    this.store.setState(clientId, 'sending');
    this.render();
    this.dispatch(p);
    this.transport.now();
  }

  private dispatch(p: Pending): void {
    clearTimeout(this.ackTimers.get(p.clientId));
    this.ackTimers.set(p.clientId, setTimeout(() => {
      this.ackTimers.delete(p.clientId);
      if (this.store.getPending(p.clientId)?.state === 'sending') {
        this.store.setState(p.clientId, 'failed');
        this.render();
      }
    }, ACK_WITHIN_MS));
    if (this.session) this.transport.send(p);
  }

  private received(m: Message): void {
    const settled = m.clientId ? this.store.getPending(m.clientId) : undefined;
    if (!this.store.add(m) && !settled) return;
    if (settled) this.settled(settled.clientId);
    if (m.senderType !== 'customer') {
      this.showAgentTyping(false, '');
      // An agent is answering: the wait is over.
      if (m.senderType === 'agent') this.showQueue(null);
      // An agent is evidently there: take the shopper from the leave-a-message form to the chat.
      if (this.view.current === 'leave') this.view.show('chat');
    }
    if (this.view.isOpen) this.markRead();
    this.render();
    this.updateUnread();
    // A reply from the shop may well be news on a work order.
    if (m.senderType !== 'customer' && this.ordersOpen) void this.loadWorkOrders();
  }

  private acknowledged(clientId: string, m: Message): void {
    this.store.add(m);
    this.store.settle(clientId);
    this.settled(clientId);
    this.render();
  }

  private settled(clientId: string): void {
    clearTimeout(this.ackTimers.get(clientId));
    this.ackTimers.delete(clientId);
    this.saveOutbox();
  }

  private rejected(clientId: string, text: string): void {
    if (this.store.setState(clientId, 'rejected', text)) this.render();
  }

  private linkState(state: LinkState): void {
    if (state === 'live') this.everLive = true;
    const text = state === 'live' || state === 'polling' ? null : this.everLive ? this.t('reconnecting') : state === 'down' ? this.t('connecting') : null;
    this.view.setBanner(text);
  }

  private typing(): void {
    const now = Date.now();
    if (now - this.typingSentAt > TYPING_EVERY_MS) {
      this.typingSentAt = now;
      this.transport.typing(true);
    }
    clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    clearTimeout(this.typingIdle);
    if (!this.typingSentAt) return;
    this.typingSentAt = 0;
    this.transport.typing(false);
  }

  private showAgentTyping(on: boolean, name: string): void {
    clearTimeout(this.agentTyping);
    this.view.setTyping(on ? name || this.t('agent') : null);
    // A lost "stopped typing" frame must not leave the dots on for ever.
    if (on) this.agentTyping = setTimeout(() => this.view.setTyping(null), AGENT_TYPING_MAX_MS);
  }

  /** "排队中：前面还有 2 位顾客，预计等待约 3 分钟": position 1 is next, so those ahead are one fewer. */
  private showQueue(place: QueuePlace | null): void {
    if (!place) return this.view.setQueue(null);
    const ahead = Math.max(0, place.position - 1);
    const text = ahead > 0 ? this.t('queued', { n: String(ahead) }) : this.t('queuedNext');
    const eta = place.etaSeconds === null ? '' : this.t('queuedEta', { m: String(Math.max(1, Math.ceil(place.etaSeconds / 60))) });
    this.view.setQueue(text + eta);
  }

  private ordersOpen = false;
  private ordersLoading: Promise<void> | null = null;
  private ordersAgain = false;

  /** 我的工单: shown at once (with what was loaded before), then fetched fresh every time. */
  private openWorkOrders(): void {
    this.ordersOpen = true;
    this.view.show('orders');
    void this.loadWorkOrders();
  }

  private loadWorkOrders(): Promise<void> {
    if (this.ordersLoading) {
      this.ordersAgain = true;
      return this.ordersLoading;
    }
    this.ordersLoading = (async () => {
      this.view.workOrders.loading();
      try {
        if (!this.session) await this.startSession();
        // Starting the session shows the chat; the shopper asked for their work orders.
        if (this.ordersOpen && this.view.current !== 'orders') this.view.show('orders');
        if (!this.session) throw new NetworkError(this.t('networkError'));
        this.view.workOrders.show(await this.api.workOrders());
      } catch (err) {
        this.view.workOrders.failed(err instanceof Error ? err.message : this.t('networkError'));
      }
    })().finally(() => {
      this.ordersLoading = null;
      if (this.ordersAgain) {
        this.ordersAgain = false;
        void this.loadWorkOrders();
      }
    });
    return this.ordersLoading;
  }

  private async leave(form: LeaveForm): Promise<string | null> {
    try {
      if (!this.session) await this.startSession();
      if (!this.session) return this.t('networkError');
      await this.api.leaveMessage({ clientId: newClientId(), name: form.name, contact: form.contact, body: form.body });
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : this.t('networkError');
    }
  }

  private render(forceEnd = false): void {
    this.view.setMessages(this.store.items(), forceEnd);
  }

  private reportedRead = '0';
  private markRead(): void {
    const upTo = this.store.maxId;
    storage.set(this.keys.read, upTo);
    this.view.setUnread(0);
    // The agents see 已读 under their replies once the shopper has had the panel open on them.
    const latestAgent = this.store.messages().filter((m) => m.senderType !== 'customer').at(-1);
    if (latestAgent && compareIds(latestAgent.id, this.reportedRead) > 0) {
      this.reportedRead = latestAgent.id;
      this.transport.read(latestAgent.id);
    }
  }

  private updateUnread(): void {
    if (this.view.isOpen) return;
    const read = storage.get(this.keys.read) ?? '0';
    const unread = this.store.messages().filter((m) => m.senderType !== 'customer' && m.kind === 'text' && compareIds(m.id, read) > 0).length;
    this.view.setUnread(unread);
  }

  private saveOutbox(): void {
    // A file still uploading cannot outlive the page; one that is stored is resent like any message.
    const list = this.store
      .unacked()
      .filter((p) => !p.upload || p.attachmentIds)
      .map(({ clientId, body, createdAt, attachmentIds, upload }) => ({ clientId, body, createdAt, attachmentIds, upload: upload && { name: upload.name, size: upload.size, type: upload.type } }));
    if (list.length) storage.set(this.keys.outbox, JSON.stringify(list));
    else storage.remove(this.keys.outbox);
  }
}

/** Only the fields the API takes: a shop that passes more (or numbers) still gets its shopper signed in. */
function identityOf(settings: ShopDeskSettings): WidgetIdentity | undefined {
  const id = settings.identity;
  if (!id || id.customerId == null || !id.signature) return undefined;
  const out: WidgetIdentity = { customerId: String(id.customerId), signature: String(id.signature).toLowerCase() };
  // A shop that prints the expiry as a string still gets it through; without one the server says how to sign.
  const expiresAt = Number(id.expiresAt);
  if (id.expiresAt != null && Number.isFinite(expiresAt)) out.expiresAt = expiresAt;
  if (id.name) out.name = clip(String(id.name), 80);
  if (id.email) out.email = clip(String(id.email), 254);
  if (id.phone) out.phone = clip(String(id.phone), 32);
  return out;
}

function clip(value: string | undefined | null, max: number): string | undefined {
  if (!value) return undefined;
  const s = String(value);
  return s.length > max ? s.slice(0, max) : s;
}

/** crypto.randomUUID needs a secure context; an http:// shop page falls back to getRandomValues. */
function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
