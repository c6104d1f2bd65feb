import { pickLocale, translator } from './i18n.ts';
import type { ShopDeskSettings } from './types.ts';
import { ShopDeskWidget } from './widget.ts';

declare global {
  interface Window {
    ShopDeskSettings?: ShopDeskSettings;
    ShopDesk?: { open(): void; close(): void };
  }
}

// Read while the script runs: document.currentScript is null once any callback fires.
const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-inbox][src*="widget"]');

function boot(): void {
  if (window.ShopDesk) return; // the tag was pasted twice
  const settings: ShopDeskSettings = window.ShopDeskSettings ?? {};
  const locale = pickLocale(settings.locale, document.documentElement.lang, navigator.language);
  const inboxId = script?.dataset.inbox?.trim();
  if (!script || !inboxId) {
    console.warn(`[ShopDesk] ${translator(locale)('missingInbox')}`);
    return;
  }
  const origin = new URL(script.src, location.href).origin;
  const widget = new ShopDeskWidget({ origin, inboxId, locale, settings });
  window.ShopDesk = { open: () => widget.toggle(true), close: () => widget.toggle(false) };
  widget.boot();
}

if (document.body) boot();
else document.addEventListener('DOMContentLoaded', boot, { once: true });
