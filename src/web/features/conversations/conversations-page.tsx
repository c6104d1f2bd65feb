import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { Channel, ConversationStatus, ConversationView } from '../../app/api-types';
import { useSession } from '../../app/auth-provider';
import { ConversationList } from './conversation-list';
import type { ExtraFilters } from './list-filters';
import { ConversationPane, NoConversation } from './conversation-pane';
import { useConversationList } from './use-conversation-list';
import { useInboxAlerts } from './use-inbox-alerts';
import './conversations.css';

const VIEW_KEY = 'shopdesk.conversations.view';

function readView(): ConversationView {
  try {
    const stored = window.localStorage.getItem(VIEW_KEY);
    return stored === 'mine' || stored === 'unassigned' || stored === 'team' || stored === 'all' ? stored : 'mine';
  } catch {
    return 'mine';
  }
}

/**
 * The agent workspace (会话工作台): the inbox on the left, the open conversation in the middle, the
 * customer on the right. `/conversations/:id` opens one; the list and its filters stay as they are.
 */
export function ConversationsPage() {
  const { id } = useParams<{ id?: string }>();
  const navigate = useNavigate();
  const { user } = useSession();
  const [view, setViewState] = useState<ConversationView>(readView);
  const [status, setStatus] = useState<ConversationStatus>('open');
  const [channel, setChannel] = useState<Channel | undefined>(undefined);
  const [filters, setFilters] = useState<ExtraFilters>({});
  const [query, setQuery] = useState('');
  // A search result opens its conversation at the message it found (?m=<message id>).
  const [searchParams] = useSearchParams();
  const focusMessageId = searchParams.get('m') ?? undefined;

  const setView = (next: ConversationView) => {
    setViewState(next);
    try {
      window.localStorage.setItem(VIEW_KEY, next);
    } catch {
      // The default view next time: harmless.
    }
  };

  const list = useConversationList({ view, status, channel, ...filters }, user.id, id);
  const open = useCallback((conversationId: string) => navigate(`/conversations/${encodeURIComponent(conversationId)}`), [navigate]);
  const openHit = useCallback(
    (conversationId: string, messageId?: string) => navigate(`/conversations/${encodeURIComponent(conversationId)}${messageId ? `?m=${encodeURIComponent(messageId)}` : ''}`),
    [navigate],
  );
  const alerts = useInboxAlerts({ meId: user.id, openId: id, lookup: list.lookup, onOpen: open });

  // Alt+↑ / Alt+↓ walk the list from wherever the focus is, the reply box included.
  const keys = useRef({ items: list.items, id, open });
  useEffect(() => {
    keys.current = { items: list.items, id, open };
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
      const { items, id: current, open: go } = keys.current;
      if (items.length === 0) return;
      e.preventDefault();
      const index = items.findIndex((c) => c.id === current);
      const next = index === -1 ? (e.key === 'ArrowDown' ? 0 : items.length - 1) : index + (e.key === 'ArrowDown' ? 1 : -1);
      if (next >= 0 && next < items.length) go(items[next].id);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  // Keep the open row in sight when the keyboard moves the selection.
  useEffect(() => {
    if (id) document.querySelector(`[data-testid="conversation-item-${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [id]);

  return (
    <div className="sd-conv-workspace" data-testid="conversations-page">
      <ConversationList
        view={view}
        onView={setView}
        status={status}
        onStatus={setStatus}
        channel={channel}
        onChannel={setChannel}
        list={list}
        selectedId={id}
        onSelect={open}
        alerts={alerts}
        filters={filters}
        onFilters={setFilters}
        query={query}
        onQuery={setQuery}
        onOpenHit={openHit}
      />
      {id ? <ConversationPane key={id} id={id} initial={list.lookup(id)} meId={user.id} meName={user.nickname || user.name} onChange={list.apply} onLoaded={list.remember} focusMessageId={focusMessageId} /> : <NoConversation />}
    </div>
  );
}
