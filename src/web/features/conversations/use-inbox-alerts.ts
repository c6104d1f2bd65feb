import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationSummary } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';
import { useRealtime } from '../../app/realtime';
import type { ConversationEvent, MessageCreatedEvent } from './conversations-api';

const MUTE_KEY = 'shopdesk.conversations.muted';
const BANNER_KEY = 'shopdesk.conversations.notifyBannerClosed';
/** One conversation alerts once in this window: its creation and its first message come together. */
const PER_CONVERSATION_MS = 4_000;
const BEEP_GAP_MS = 1_500;

export type NotifyPermission = NotificationPermission | 'unsupported';

function readFlag(key: string): boolean {
  try {
    return window.localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

function writeFlag(key: string, value: boolean): void {
  try {
    window.localStorage.setItem(key, value ? '1' : '0');
  } catch {
    // Not remembered on this device: harmless.
  }
}

function currentPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

let audio: AudioContext | null = null;

/** A short two-note chime made on the spot: no sound file to ship or to load. */
function beep(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const start = audio.currentTime + 0.01;
    [880, 660].forEach((frequency, i) => {
      const at = start + i * 0.14;
      const osc = audio!.createOscillator();
      const gain = audio!.createGain();
      osc.type = 'sine';
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.18, at + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.22);
      osc.connect(gain).connect(audio!.destination);
      osc.start(at);
      osc.stop(at + 0.24);
    });
  } catch {
    // No audio device, or the browser refuses before any click: the list still shows the news.
  }
}

type Options = {
  meId: string;
  openId: string | undefined;
  lookup: (id: string) => ConversationSummary | undefined;
  onOpen: (id: string) => void;
};

/**
 * Sound and desktop notifications for the inbox: a new conversation that is unassigned or mine, and
 * a customer's message in such a conversation unless it is the one open in a visible tab. The
 * desktop notification appears only while the window is in the background; the sound always, until
 * muted. Permission for notifications is asked only when the user clicks for it.
 */
export function useInboxAlerts({ meId, openId, lookup, onOpen }: Options) {
  const t = useT();
  const [muted, setMutedState] = useState(() => readFlag(MUTE_KEY));
  const [permission, setPermission] = useState<NotifyPermission>(currentPermission);
  const [bannerClosed, setBannerClosed] = useState(() => readFlag(BANNER_KEY));
  const lastAlert = useRef(new Map<string, number>());
  const lastBeep = useRef(0);
  const state = useRef({ muted, permission, openId, onOpen, lookup, meId, t });
  useEffect(() => {
    state.current = { muted, permission, openId, onOpen, lookup, meId, t };
  });

  // The permission can change in the browser's site settings while the page is open.
  useEffect(() => {
    const refresh = () => setPermission(currentPermission());
    document.addEventListener('visibilitychange', refresh);
    return () => document.removeEventListener('visibilitychange', refresh);
  }, []);

  const setMuted = useCallback((value: boolean) => {
    setMutedState(value);
    writeFlag(MUTE_KEY, value);
  }, []);

  const closeBanner = useCallback(() => {
    setBannerClosed(true);
    writeFlag(BANNER_KEY, true);
  }, []);

  const requestPermission = useCallback(async () => {
    if (typeof Notification === 'undefined') return;
    const result = await Notification.requestPermission();
    setPermission(result);
    if (result !== 'default') closeBanner();
  }, [closeBanner]);

  const alert = useCallback((conversationId: string, title: string, body: string) => {
    const { muted, permission, onOpen } = state.current;
    if (muted) return;
    const now = Date.now();
    if (now - (lastAlert.current.get(conversationId) ?? 0) < PER_CONVERSATION_MS) return;
    lastAlert.current.set(conversationId, now);
    if (now - lastBeep.current >= BEEP_GAP_MS) {
      lastBeep.current = now;
      beep();
    }
    if (permission !== 'granted' || (document.visibilityState === 'visible' && document.hasFocus())) return;
    try {
      const n = new Notification(title, { body: body.slice(0, 140), tag: `conversation-${conversationId}` });
      n.onclick = () => {
        window.focus();
        onOpen(conversationId);
        n.close();
      };
    } catch {
      // Some browsers allow notifications only from a service worker; the sound has played.
    }
  }, []);

  const concernsMe = (c: ConversationSummary | undefined) => !c || c.assignee === null || c.assignee.id === state.current.meId;

  useRealtime<ConversationEvent>('conversation.created', ({ conversation: c }) => {
    if (!concernsMe(c)) return;
    const { t } = state.current;
    alert(c.id, t('conv.notify.newConversation', { name: c.customer.name }), c.lastMessagePreview ?? c.entry.productName ?? '');
  });

  useRealtime<MessageCreatedEvent>('message.created', ({ conversationId, message }) => {
    if (message.senderType !== 'customer' || message.kind !== 'text') return;
    const { openId, lookup, t } = state.current;
    if (openId === conversationId && document.visibilityState === 'visible') return;
    const c = lookup(conversationId);
    if (!concernsMe(c)) return;
    const name = c?.customer.name ?? message.sender?.name ?? '';
    alert(conversationId, t('conv.notify.newMessage', { name }), message.body);
  });

  // A colleague's @mention or transfer reaches me whatever conversation it is in.
  useRealtime<{ conversationId: string; by: string; excerpt: string; transfer?: boolean }>('mention.created', ({ conversationId, by, excerpt, transfer }) => {
    const { t } = state.current;
    alert(conversationId, t(transfer ? 'conv.mention.transferNotify' : 'conv.mention.notify', { by }), excerpt);
  });

  return { muted, setMuted, permission, requestPermission, showBanner: permission === 'default' && !bannerClosed, closeBanner };
}
