import { LockOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Empty, Flex, Input, Spin, Typography, theme, type InputRef } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { MessageHit, SearchConversation, SearchResult } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { StatusTag } from './channel-icon';
import { avatarColor, isMac, listTime, useNow } from './conversation-format';
import { workspaceApi } from './workspace-api';
import './workspace.css';

const DEBOUNCE_MS = 300;

/** The search box at the top of the list; Ctrl+K (⌘K) puts the cursor in it from anywhere. */
export function SearchBox({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const t = useT();
  const ref = useRef<InputRef>(null);
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if ((isMac ? e.metaKey : e.ctrlKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        ref.current?.focus({ cursor: 'all' });
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  return (
    <Input
      ref={ref}
      size="small"
      allowClear
      prefix={<SearchOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />}
      placeholder={`${t('conv.search.placeholder')}（${isMac ? '⌘' : 'Ctrl+'}K）`}
      value={value}
      maxLength={100}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          onChange('');
          ref.current?.blur();
        }
      }}
      aria-label={t('conv.search.placeholder')}
      data-testid="conversation-search"
    />
  );
}

function useDebounced(value: string, ms: number): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The snippet as text, the hits marked: never HTML from the server. */
export function Highlighted({ text, ranges }: { text: string; ranges: { start: number; end: number }[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start < at || r.end > text.length || r.start >= r.end) continue;
    if (r.start > at) parts.push(text.slice(at, r.start));
    parts.push(<mark key={r.start}>{text.slice(r.start, r.end)}</mark>);
    at = r.end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

type Props = { q: string; selectedId: string | undefined; onOpen: (conversationId: string, messageId?: string) => void };

/** What the search box found: customers by name, then messages and notes, newest first, more on demand. */
export function SearchResults({ q, selectedId, onOpen }: Props) {
  const t = useT();
  const errorText = useErrorText();
  const now = useNow();
  const query = useDebounced(q.trim(), DEBOUNCE_MS);
  const result = useRequest((signal) => workspaceApi.search(query, null, signal), [query], query !== '');
  const { setData } = result;
  const [loadingMore, setLoadingMore] = useState(false);

  const loadMore = useCallback(async () => {
    const cursor = result.data?.nextCursor;
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await workspaceApi.search(query, cursor);
      setData((current): SearchResult | undefined => current && { ...current, messages: [...current.messages, ...page.messages], nextCursor: page.nextCursor });
    } finally {
      setLoadingMore(false);
    }
  }, [result.data?.nextCursor, loadingMore, query, setData]);

  const data = result.data;
  if (result.error && !data) return <LoadError message={errorText(result.error)} onRetry={result.reload} />;
  if (!data || query !== q.trim()) {
    return (
      <Flex justify="center" style={{ padding: 40 }}>
        <Spin />
      </Flex>
    );
  }
  if (data.messages.length === 0 && data.conversations.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('conv.search.empty', { q: query })} style={{ marginTop: 48 }} data-testid="search-empty" />;
  }
  return (
    <Spin spinning={result.loading} delay={200}>
      <div data-testid="search-results">
        {data.conversations.length > 0 && (
          <>
            <SectionTitle>{t('conv.search.customers')}</SectionTitle>
            <ul className="sd-conv-items">
              {data.conversations.map((c) => (
                <CustomerRow key={c.id} c={c} q={query} now={now} selected={c.id === selectedId} onOpen={() => onOpen(c.id)} />
              ))}
            </ul>
          </>
        )}
        {data.messages.length > 0 && (
          <>
            <SectionTitle>
              {t('conv.search.messages')}
              {data.terms.length > 1 && (
                <Typography.Text type="secondary" style={{ fontSize: 11, marginInlineStart: 8, fontWeight: 'normal' }} data-testid="search-terms">
                  {t('conv.search.terms', { terms: data.terms.join(' · ') })}
                </Typography.Text>
              )}
            </SectionTitle>
            <ul className="sd-conv-items">
              {data.messages.map((hit) => (
                <HitRow key={hit.message.id} hit={hit} now={now} selected={hit.conversation.id === selectedId} onOpen={() => onOpen(hit.conversation.id, hit.message.id)} />
              ))}
            </ul>
          </>
        )}
        <Flex justify="center" style={{ padding: '8px 0 12px' }}>
          {loadingMore ? (
            <Spin size="small" />
          ) : data.nextCursor ? (
            <Button size="small" type="link" onClick={() => void loadMore()} data-testid="search-load-more">
              {t('common.loadMore')}
            </Button>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('common.noMore')}
            </Typography.Text>
          )}
        </Flex>
      </div>
    </Spin>
  );
}

function SectionTitle({ children }: { children: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <div className="sd-search-section" style={{ color: token.colorTextSecondary, borderColor: token.colorBorderSecondary }}>
      {children}
    </div>
  );
}

function CustomerRow({ c, q, now, selected, onOpen }: { c: SearchConversation; q: string; now: number; selected: boolean; onOpen: () => void }) {
  const t = useT();
  const at = c.customer.name.toLowerCase().indexOf(q.toLowerCase());
  return (
    <li role="option" aria-selected={selected} className={`sd-conv-row${selected ? ' is-selected' : ''}`} onClick={onOpen} data-testid={`search-customer-${c.id}`}>
      <Avatar size={28} style={{ background: avatarColor(c.customer.id || c.customer.name), flex: 'none' }}>
        {c.customer.name.slice(0, 1).toUpperCase()}
      </Avatar>
      <Flex vertical style={{ flex: 1, minWidth: 0 }}>
        <Flex align="center" gap={6}>
          <Typography.Text ellipsis style={{ flex: 1, minWidth: 0 }}>
            <Highlighted text={c.customer.name} ranges={at >= 0 && q ? [{ start: at, end: at + q.length }] : []} />
          </Typography.Text>
          <StatusTag status={c.status} />
        </Flex>
        <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
          <UserOutlined style={{ marginInlineEnd: 4 }} />
          {c.assignee?.name ?? t('conv.unassigned')} · {c.inbox.name} · {listTime(c.lastMessageAt, now, t)}
        </Typography.Text>
      </Flex>
    </li>
  );
}

function HitRow({ hit, now, selected, onOpen }: { hit: MessageHit; now: number; selected: boolean; onOpen: () => void }) {
  const t = useT();
  const c = hit.conversation;
  const note = hit.message.kind === 'note';
  return (
    <li role="option" aria-selected={selected} className={`sd-conv-row sd-search-hit${selected ? ' is-selected' : ''}`} onClick={onOpen} data-testid={`search-hit-${hit.message.id}`}>
      <Flex vertical gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Flex align="center" gap={6}>
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0, fontSize: 13 }}>
            {c.customer.name}
          </Typography.Text>
          <StatusTag status={c.status} />
          <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
            {listTime(hit.message.createdAt, now, t)}
          </Typography.Text>
        </Flex>
        <div className={`sd-search-snippet${note ? ' is-note' : ''}`} data-testid="search-snippet">
          {note && <LockOutlined style={{ marginInlineEnd: 4, color: '#ad8b00' }} aria-label={t('conv.search.note')} />}
          {hit.message.senderName && hit.message.senderType !== 'customer' && <span className="sd-search-sender">{hit.message.senderName}：</span>}
          <Highlighted text={hit.snippet} ranges={hit.highlights} />
        </div>
      </Flex>
    </li>
  );
}
