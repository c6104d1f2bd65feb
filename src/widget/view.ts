import { h, icon, ICONS } from './dom.ts';
import { EMOJI } from './emoji.ts';
import { ImageViewer } from './image-viewer.ts';
import { leaveForm, type LeaveForm } from './leave-form.ts';
import type { Translate } from './i18n.ts';
import { ACCEPT_FILES } from '../contracts/attachment-types.ts';
import { compareIds, type Item, type PendingFile } from './message-store.ts';
import { STYLES } from './styles.ts';
import { WorkOrdersScreen } from './work-orders.ts';
import type { AttachmentRef, Inbox, Locale, Message } from './types.ts';

export type Screen = 'loading' | 'chat' | 'leave' | 'thanks' | 'error' | 'orders';

export type ViewHandlers = {
  toggle(open: boolean): void;
  send(text: string): void;
  /** The shopper picked a file to send. */
  attach(file: File): void;
  /** A blob: URL of a file of the conversation, or of an image's thumbnail (the image itself until it has one). */
  file(id: string, size?: 'full' | 'thumb'): Promise<string>;
  retry(clientId: string): void;
  typing(): void;
  leave(form: LeaveForm): Promise<string | null>;
  reload(): void;
  /** 我的工单 opened (or asked to refresh) and closed. */
  workOrders(): void;
  closeWorkOrders(): void;
};

/** The widget's DOM, inside a shadow root so the shop's CSS cannot reach it. */
export class WidgetView {
  readonly host: HTMLElement;
  private root: HTMLElement;
  private launcher: HTMLButtonElement;
  private badge: HTMLElement;
  private panel: HTMLElement;
  private name: HTMLElement;
  private presence: HTMLElement;
  private presenceText: HTMLElement;
  private banner: HTMLElement;
  private queue: HTMLElement;
  private screens: Record<Screen, HTMLElement>;
  private list: HTMLElement;
  private typingRow: HTMLElement;
  private typingText: HTMLElement;
  private note: HTMLElement;
  private emojis: HTMLElement;
  private input: HTMLTextAreaElement;
  private sendButton: HTMLButtonElement;
  private errorText: HTMLElement;
  private thanksText: HTMLElement;
  private leaveForm: HTMLFormElement;
  private historyLink: HTMLButtonElement;
  private viewer: ImageViewer;
  readonly workOrders: WorkOrdersScreen;
  private beforeOrders: Screen = 'chat';
  private rows = new Map<string, HTMLElement>();
  private agentReadUpTo = '0';
  private inbox: Inbox | null = null;
  private time: Intl.DateTimeFormat;
  private day: Intl.DateTimeFormat;
  private screen: Screen = 'loading';
  isOpen = false;

  constructor(private t: Translate, locale: Locale, private on: ViewHandlers) {
    this.time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
    this.day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', weekday: 'short' });

    this.host = document.createElement('shopdesk-widget');
    const shadow = this.host.attachShadow({ mode: 'open' });
    adoptStyles(shadow);

    this.badge = h('span', { class: 'badge', hidden: true, 'data-testid': 'sd-badge' });
    this.launcher = h('button', { type: 'button', class: 'launcher', 'aria-label': t('open'), title: t('open'), 'data-testid': 'sd-launcher' },
      withClass(icon(ICONS.chat, 28), 'i-chat'), withClass(icon(ICONS.close, 26), 'i-close'), this.badge);
    this.launcher.addEventListener('click', () => on.toggle(!this.isOpen));

    this.name = h('div', { class: 'name', 'data-testid': 'sd-inbox-name' });
    this.presenceText = h('span', { 'data-testid': 'sd-presence' });
    this.presence = h('div', { class: 'presence away' }, h('i', { class: 'dot' }), this.presenceText);
    const close = h('button', { type: 'button', class: 'x', 'aria-label': t('close'), title: t('close'), 'data-testid': 'sd-close' }, icon(ICONS.close, 22));
    close.addEventListener('click', () => on.toggle(false));
    const orders = h('button', { type: 'button', class: 'wo-open', 'aria-label': t('workOrders'), title: t('workOrders'), 'data-testid': 'widget-work-orders-open' }, icon(ICONS.orders, 16), h('span', {}, t('workOrders')));
    orders.addEventListener('click', () => on.workOrders());
    this.workOrders = new WorkOrdersScreen(t, locale, { back: () => on.closeWorkOrders(), reload: () => on.workOrders() });
    this.banner = h('div', { class: 'banner', role: 'status', hidden: true, 'data-testid': 'sd-banner' });
    this.queue = h('div', { class: 'queue', role: 'status', hidden: true, 'data-testid': 'sd-queue' });

    this.list = h('div', { class: 'list', role: 'log', 'aria-live': 'polite', 'data-testid': 'sd-messages' });
    this.typingText = h('span');
    this.typingRow = h('div', { class: 'typing', hidden: true, 'data-testid': 'sd-typing' }, this.typingText, h('i'), h('i'), h('i'));
    const leaveLink = h('button', { type: 'button', class: 'link' }, t('leaveSubmit'));
    leaveLink.addEventListener('click', () => this.show('leave'));
    this.note = h('div', { class: 'note', hidden: true }, h('span', {}, t('leaveTitle')), leaveLink);
    this.emojis = h('div', { class: 'emojis', hidden: true, 'data-testid': 'sd-emojis' });
    for (const e of EMOJI) {
      const b = h('button', { type: 'button', 'aria-label': e }, e);
      b.addEventListener('click', () => this.insert(e));
      this.emojis.append(b);
    }
    this.input = h('textarea', { rows: '1', maxlength: '5000', placeholder: t('placeholder'), 'aria-label': t('placeholder'), 'data-testid': 'sd-input' });
    this.input.addEventListener('keydown', (e) => {
      // Enter while an IME is composing (pinyin) picks a candidate; it must not send.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.grow();
      this.sendButton.disabled = !this.input.value.trim();
      if (this.input.value) on.typing();
    });
    const emojiButton = h('button', { type: 'button', class: 'icon', 'aria-label': t('emoji'), title: t('emoji'), 'data-testid': 'sd-emoji' }, icon(ICONS.emoji, 22));
    emojiButton.addEventListener('click', () => {
      this.emojis.hidden = !this.emojis.hidden;
    });
    this.sendButton = h('button', { type: 'submit', class: 'icon send', disabled: true, 'aria-label': t('send'), title: t('send'), 'data-testid': 'sd-send' }, icon(ICONS.send, 20));
    const picker = h('input', { type: 'file', accept: ACCEPT_FILES, multiple: true, hidden: true, 'data-testid': 'sd-file-input' });
    picker.addEventListener('change', () => {
      for (const file of Array.from(picker.files ?? [])) on.attach(file);
      picker.value = '';
    });
    const attachButton = h('button', { type: 'button', class: 'icon', 'aria-label': t('attach'), title: t('attach'), 'data-testid': 'sd-attach' }, icon(ICONS.attach, 22));
    attachButton.addEventListener('click', () => picker.click());
    const composer = h('form', { class: 'composer' }, emojiButton, attachButton, picker, this.input, this.sendButton);
    composer.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    const chat = h('div', { class: 'chat', 'data-testid': 'sd-chat' }, this.list, this.typingRow, this.note, this.emojis, composer);

    this.historyLink = h('button', { type: 'button', class: 'link', hidden: true }, t('earlier'));
    this.historyLink.addEventListener('click', () => this.show('chat'));
    this.leaveForm = leaveForm(t, this.historyLink, (form) => on.leave(form), (contact) => this.show('thanks', contact));

    this.thanksText = h('p');
    const again = h('button', { type: 'button', class: 'link' }, t('thanksAgain'));
    again.addEventListener('click', () => this.show('leave'));
    const thanks = h('div', { class: 'center', 'data-testid': 'sd-thanks' }, h('div', { class: 'big' }, '✓'), h('h3', {}, t('thanksTitle')), this.thanksText, again);

    this.errorText = h('p', { 'data-testid': 'sd-error' });
    const reload = h('button', { type: 'button', class: 'primary' }, t('tryAgain'));
    reload.addEventListener('click', () => on.reload());
    const error = h('div', { class: 'center' }, this.errorText, reload);
    const loading = h('div', { class: 'center' }, h('p', {}, t('connecting')));

    this.screens = { loading, chat, leave: this.leaveForm, thanks, error, orders: this.workOrders.el };
    for (const s of Object.values(this.screens)) s.hidden = true;
    loading.hidden = false;

    this.viewer = new ImageViewer(t);
    this.panel = h('section', { class: 'panel', role: 'dialog', 'aria-label': t('open'), hidden: true, 'data-testid': 'sd-panel' },
      h('header', { class: 'head' }, h('div', { class: 'title' }, this.name, this.presence), orders, close),
      this.banner,
      this.queue,
      h('div', { class: 'body' }, loading, chat, this.leaveForm, thanks, error, this.workOrders.el),
      this.viewer.el);
    this.panel.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      // Escape closes an open photo first, then the widget.
      if (this.viewer.isOpen) this.viewer.close();
      else on.toggle(false);
    });
    // Key events are composed: without this, a shop's own hotkeys ("/" to search…) would fire while the shopper types here.
    for (const type of ['keydown', 'keyup', 'keypress'] as const) this.panel.addEventListener(type, (e) => e.stopPropagation());
    this.root = h('div', { class: 'sd' }, this.panel, this.launcher);
    shadow.append(this.root);
  }

  mount(): void {
    document.body.append(this.host);
  }

  setOpen(open: boolean): void {
    this.isOpen = open;
    this.root.classList.toggle('open', open);
    this.panel.hidden = !open;
    if (!open) this.viewer.close();
    this.launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      this.scrollToEnd();
      // On phones a focused field opens the keyboard over the history; wait for the shopper to tap.
      if (this.screen === 'chat' && !matchMedia('(pointer: coarse)').matches) this.input.focus();
    }
  }

  setInbox(inbox: Inbox): void {
    this.inbox = inbox;
    this.name.textContent = inbox.name;
    this.panel.setAttribute('aria-label', inbox.name);
    this.presence.classList.toggle('away', !inbox.online);
    this.presenceText.textContent = inbox.online ? this.t('online') : this.t('offline');
    this.note.hidden = inbox.online;
    if (inbox.color && isColor(inbox.color)) this.root.style.setProperty('--c', inbox.color);
  }

  setBanner(text: string | null): void {
    this.banner.hidden = !text;
    this.banner.textContent = text ?? '';
  }

  /** 排队中: where the shopper stands while no agent has taken the chat yet; null hides it. */
  setQueue(text: string | null): void {
    this.queue.hidden = !text;
    this.queue.textContent = text ?? '';
  }

  setUnread(count: number): void {
    this.badge.hidden = count <= 0;
    this.badge.textContent = count > 99 ? '99+' : String(count);
  }

  setTyping(name: string | null): void {
    this.typingRow.hidden = !name;
    this.typingText.textContent = name ? this.t('typing', { name }) : '';
  }

  get current(): Screen {
    return this.screen;
  }

  show(screen: Screen, detail?: string): void {
    if (screen === 'orders' && this.screen !== 'orders') this.beforeOrders = this.screen;
    this.screen = screen;
    for (const [name, el] of Object.entries(this.screens)) el.hidden = name !== screen;
    if (screen === 'error') this.errorText.textContent = detail ?? '';
    if (screen === 'thanks') this.thanksText.textContent = this.t('thanksBody', { contact: detail ?? '' });
    if (screen === 'chat') {
      this.scrollToEnd();
      if (this.isOpen && !matchMedia('(pointer: coarse)').matches) this.input.focus();
    }
  }

  /** Back from 我的工单 to where the shopper was. */
  leaveWorkOrders(): void {
    if (this.screen === 'orders') this.show(this.beforeOrders === 'orders' ? 'chat' : this.beforeOrders);
  }

  /** Redraws the message list; rows of stored messages are built once and reused. */
  setMessages(items: Item[], forceEnd = false): void {
    const nearEnd = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 60;
    const nodes: HTMLElement[] = [];
    if (this.inbox?.greeting) nodes.push(this.row('greeting', 'agent', this.inbox.name, this.inbox.greeting, null));
    let lastDay = '';
    let lastConversation = '';
    const keep = new Map<string, HTMLElement>();
    for (const item of items) {
      const at = new Date(item.kind === 'stored' ? item.message.createdAt : item.pending.createdAt);
      const dayKey = at.toDateString();
      const conversation = item.kind === 'stored' ? item.message.conversationId : lastConversation;
      if (lastConversation && conversation !== lastConversation) nodes.push(h('div', { class: 'divider' }, this.dayLabel(at)));
      else if (dayKey !== lastDay) nodes.push(h('div', { class: 'divider' }, this.dayLabel(at)));
      lastDay = dayKey;
      lastConversation = conversation;
      if (item.kind === 'stored') {
        const key = `m:${item.message.id}`;
        const row = this.rows.get(key) ?? this.storedRow(item.message);
        keep.set(key, row);
        nodes.push(row);
      } else {
        const p = item.pending;
        const meta = h('div', { class: 'meta' }, h('span', {}, this.time.format(at)));
        if (p.state === 'uploading') meta.append(h('span', { 'data-status': 'uploading' }, this.t('uploading', { percent: String(p.upload?.progress ?? 0) })));
        else if (p.state === 'sending') meta.append(h('span', { 'data-status': 'sending' }, `${this.t('sending')}…`));
        else {
          meta.append(h('span', { class: 'bad', 'data-status': p.state }, p.state === 'rejected' && p.error ? p.error : this.t('failed')));
          const retry = h('button', { type: 'button', class: 'retry', 'data-testid': 'sd-retry' }, this.t('retry'));
          retry.addEventListener('click', () => this.on.retry(p.clientId));
          meta.append(retry);
        }
        const row = h('div', { class: 'row me pending', 'data-client-id': p.clientId }, this.bubble(p.body, p.upload ? [this.localFile(p.upload)] : []), meta);
        nodes.push(row);
      }
    }
    this.rows = keep;
    this.list.replaceChildren(...nodes);
    this.historyLink.hidden = items.length === 0;
    if (forceEnd || nearEnd) this.scrollToEnd();
  }

  private storedRow(m: Message): HTMLElement {
    if (m.kind === 'event' || m.senderType === 'system') {
      return h('div', { class: 'event', 'data-id': m.id }, m.body);
    }
    const mine = m.senderType === 'customer';
    const who = mine ? null : m.sender?.name || this.t('agent');
    const meta = h('div', { class: 'meta' }, h('span', {}, this.time.format(new Date(m.createdAt))));
    if (mine) meta.append(this.sentMark(m.id));
    const row = this.row(`m:${m.id}`, mine ? 'me' : 'agent', who, m.body, meta, m.attachments.map((a) => this.remoteFile(a)));
    row.dataset.id = m.id;
    return row;
  }

  private sentMark(id: string): HTMLElement {
    const read = compareIds(id, this.agentReadUpTo) <= 0;
    return h('span', { class: 'ok', 'data-status': read ? 'read' : 'sent', title: this.t(read ? 'read' : 'sent'), 'aria-label': this.t(read ? 'read' : 'sent') }, read ? this.t('read') : '✓');
  }

  /** The agents have read the shopper's messages up to this id: ✓ becomes 已读. */
  setAgentRead(upTo: string): void {
    if (compareIds(upTo, this.agentReadUpTo) <= 0) return;
    this.agentReadUpTo = upTo;
    for (const row of this.rows.values()) {
      const mark = row.querySelector('[data-status="sent"]');
      if (mark && row.dataset.id && compareIds(row.dataset.id, upTo) <= 0) mark.replaceWith(this.sentMark(row.dataset.id));
    }
  }

  private row(key: string, side: 'me' | 'agent', who: string | null, body: string, meta: HTMLElement | null, files: HTMLElement[] = []): HTMLElement {
    return h('div', { class: `row ${side}`, 'data-key': key }, who ? h('div', { class: 'who' }, who) : null, this.bubble(body, files), meta);
  }

  /** Text alone, or the files with the text under them. */
  private bubble(body: string, files: HTMLElement[]): HTMLElement {
    if (!files.length) return h('div', { class: 'bubble' }, body);
    // Photos alone need no bubble around them.
    const bare = !body && files.every((f) => f.classList.contains('thumb'));
    return h('div', { class: bare ? 'bubble files bare' : 'bubble files' }, ...files, body ? h('div', {}, body) : null);
  }

  /**
   * A stored file: images as their thumbnail, opening full size over the chat (the original is
   * fetched then, not before); other files as a link with their size.
   */
  private remoteFile(a: AttachmentRef): HTMLElement {
    if (!a.contentType.startsWith('image/')) {
      const link = this.fileChip(a.name, a.size);
      link.addEventListener('click', () => {
        void this.on.file(a.id).then((url) => h('a', { href: url, download: a.name }).click(), () => link.classList.add('bad'));
      });
      return link;
    }
    const img = h('img', { alt: a.name, 'data-testid': 'sd-image' });
    const thumb = h('button', { type: 'button', class: 'thumb', title: a.name, 'aria-label': a.name }, img);
    thumb.addEventListener('click', () => this.viewer.open(a.name, this.on.file(a.id, 'full'), img.currentSrc || img.src, thumb));
    void this.on.file(a.id, 'thumb').then(
      (url) => {
        img.src = url;
      },
      () => thumb.replaceWith(this.fileChip(a.name, a.size)),
    );
    return thumb;
  }

  private localFile(f: PendingFile): HTMLElement {
    return f.url ? h('span', { class: 'thumb' }, h('img', { src: f.url, alt: f.name })) : this.fileChip(f.name, f.size);
  }

  private fileChip(name: string, size: number): HTMLButtonElement {
    return h('button', { type: 'button', class: 'file', title: name, 'data-testid': 'sd-file' }, h('span', { class: 'fn' }, name), h('span', { class: 'fs' }, fileSize(size)));
  }

  private dayLabel(at: Date): string {
    return at.toDateString() === new Date().toDateString() ? this.t('today') : this.day.format(at);
  }

  private scrollToEnd(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.on.send(text);
    this.input.value = '';
    this.sendButton.disabled = true;
    this.emojis.hidden = true;
    this.grow();
    this.scrollToEnd();
  }

  private insert(emoji: string): void {
    const el = this.input;
    el.setRangeText(emoji, el.selectionStart ?? el.value.length, el.selectionEnd ?? el.value.length, 'end');
    el.focus();
    el.dispatchEvent(new Event('input'));
  }

  private grow(): void {
    // Empty, it is one line high (a measured placeholder could make it two).
    if (!this.input.value) {
      this.input.style.height = '';
      return;
    }
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(120, Math.max(36, this.input.scrollHeight + 2))}px`;
  }
}

function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function withClass<T extends Element>(el: T, cls: string): T {
  el.classList.add(cls);
  return el;
}

function isColor(value: string): boolean {
  return typeof CSS !== 'undefined' && typeof CSS.supports === 'function' ? CSS.supports('color', value) : /^#[0-9a-f]{3,8}$/i.test(value);
}

/** Constructed stylesheets are not subject to the page's CSP style-src; a <style> element is the fallback. */
function adoptStyles(shadow: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    shadow.append(h('style', {}, STYLES));
  }
}
