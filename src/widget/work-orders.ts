import { h, icon, ICONS } from './dom.ts';
import type { Translate } from './i18n.ts';
import type { Locale, ProgressList } from './types.ts';

/**
 * 我的工单: what the shopper asked the shop to follow up on (a visa's progress, a delayed parcel),
 * its status and the shop's public answers. Text is set as text only.
 */
export class WorkOrdersScreen {
  readonly el: HTMLElement;
  private list: HTMLElement;
  private state: HTMLElement;
  private retry: HTMLButtonElement;
  private day: Intl.DateTimeFormat;
  private loaded = false;

  constructor(private t: Translate, locale: Locale, on: { back(): void; reload(): void }) {
    this.day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
    const back = h('button', { type: 'button', class: 'back', 'data-testid': 'widget-work-orders-back' }, icon(ICONS.back, 18), t('backToChat'));
    back.addEventListener('click', () => on.back());
    this.state = h('p', { class: 'wo-state', role: 'status', 'data-testid': 'widget-work-orders-state' });
    this.retry = h('button', { type: 'button', class: 'link', hidden: true }, t('tryAgain'));
    this.retry.addEventListener('click', () => on.reload());
    this.list = h('div', { class: 'wo-list', 'data-testid': 'widget-work-orders' });
    this.el = h('div', { class: 'wo', 'data-testid': 'widget-work-orders-screen' },
      h('div', { class: 'wo-bar' }, back, h('h3', {}, t('workOrders'))),
      h('div', { class: 'wo-scroll' }, this.state, this.retry, this.list));
  }

  /** While loading, what is already shown stays (a refresh does not blank the list). */
  loading(): void {
    if (this.loaded) return;
    this.setState(this.t('workOrdersLoading'));
  }

  failed(message: string): void {
    if (this.loaded) return;
    this.setState(message, true);
  }

  show(data: ProgressList): void {
    this.loaded = true;
    this.setState(data.items.length ? null : this.t('workOrdersEmpty'));
    this.list.replaceChildren(
      ...data.items.map((item) => {
        const replies = item.replies.length
          ? h('ol', { class: 'wo-replies' }, ...item.replies.map((r) => h('li', {}, h('div', { class: 'wo-who' }, `${r.by || this.t('agent')} · ${this.day.format(new Date(r.at))}`), h('div', { class: 'wo-text' }, r.body))))
          : item.status === 'resolved' || item.status === 'closed'
            ? null
            : h('p', { class: 'wo-none' }, this.t('workOrdersNoReply'));
        return h('section', { class: 'wo-item', 'data-testid': 'widget-work-order-item', 'data-status': item.status },
          h('div', { class: 'wo-top' }, h('div', { class: 'wo-title' }, item.title), h('span', { class: `wo-tag ${item.status}`, 'data-testid': 'widget-work-order-status' }, item.statusLabel)),
          h('div', { class: 'wo-meta' }, `#${item.number} · ${item.typeName} · ${this.day.format(new Date(item.createdAt))}`),
          replies);
      }),
    );
  }

  private setState(text: string | null, error = false): void {
    this.state.hidden = !text;
    this.state.textContent = text ?? '';
    this.state.classList.toggle('bad', error);
    this.retry.hidden = !error;
  }
}
