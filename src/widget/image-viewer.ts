import { h, icon, ICONS } from './dom.ts';
import type { Translate } from './i18n.ts';

/**
 * A photo of the conversation at full size, over the chat. The list shows small copies, so the
 * original is fetched only when the shopper opens one; until it arrives the small copy stands in.
 * A tap, the close button or Escape closes it.
 */
export class ImageViewer {
  readonly el: HTMLElement;
  private img: HTMLImageElement;
  private closeButton: HTMLButtonElement;
  private opener: HTMLElement | null = null;
  // Each opening's number: a slow original arriving after the viewer moved on is dropped.
  private opened = 0;

  constructor(t: Translate) {
    this.img = h('img', { alt: '', 'data-testid': 'sd-viewer-image' });
    this.closeButton = h('button', { type: 'button', class: 'x', 'aria-label': t('close'), title: t('close') }, icon(ICONS.close, 22));
    this.el = h('div', { class: 'viewer', role: 'dialog', 'aria-modal': 'true', hidden: true, 'data-testid': 'sd-viewer' }, this.closeButton, this.img);
    this.el.addEventListener('click', () => this.close());
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /** Shows `name` from `original` (a blob: URL to come), `preview` meanwhile; closes if it cannot be fetched. */
  open(name: string, original: Promise<string>, preview: string, opener: HTMLElement): void {
    const opening = ++this.opened;
    this.opener = opener;
    this.img.alt = name;
    this.el.setAttribute('aria-label', name);
    this.el.classList.add('loading');
    if (preview) this.img.src = preview;
    else this.img.removeAttribute('src');
    this.el.hidden = false;
    this.closeButton.focus();
    original.then(
      (url) => {
        if (opening !== this.opened) return;
        this.img.src = url;
        this.el.classList.remove('loading');
      },
      () => {
        if (opening === this.opened) this.close();
      },
    );
  }

  close(): void {
    if (!this.isOpen) return;
    this.opened++;
    this.el.hidden = true;
    this.img.removeAttribute('src');
    this.opener?.focus();
    this.opener = null;
  }
}
