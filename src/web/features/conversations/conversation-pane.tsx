import { CommentOutlined } from '@ant-design/icons';
import { Button, Flex, Result, Spin, Typography, theme } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../app/api-client';
import type { ConversationSummary } from '../../app/api-types';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { useRealtime, useRealtimeResync } from '../../app/realtime';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { ConversationHeader } from './conversation-header';
import { compareIds, conversationsApi, type ConversationEvent } from './conversations-api';
import { CustomerPanel } from './customer-panel';
import { MessageTimeline } from './message-timeline';
import { ReplyBox, type ReplyBoxHandle } from './reply-box';
import { useConversationMessages } from './use-conversation-messages';
import { useFocusMessage } from './use-focus-message';

type Props = {
  id: string;
  /** The list's copy, shown at once while the conversation itself loads. */
  initial: ConversationSummary | undefined;
  meId: string;
  meName: string;
  onChange: (c: ConversationSummary) => void;
  onLoaded: (c: ConversationSummary) => void;
  /** A message to bring into view (a search result). */
  focusMessageId?: string;
};

const TYPING_SHOWN_MS = 6000;

/** Whether the shopper of this conversation is typing; the hint fades if no news comes. */
function useCustomerTyping(conversationId: string): boolean {
  const [typing, setTyping] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useRealtime<{ conversationId: string; on: boolean }>('conversation.typing', ({ conversationId: cid, on }) => {
    if (cid !== conversationId) return;
    clearTimeout(timer.current);
    setTyping(on);
    if (on) timer.current = setTimeout(() => setTyping(false), TYPING_SHOWN_MS);
  });
  useRealtime<{ conversationId: string; message: { senderType: string } }>('message.created', ({ conversationId: cid, message }) => {
    if (cid === conversationId && message.senderType === 'customer') setTyping(false);
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  return typing;
}

/** The open conversation (middle column) and its customer (right column). Keyed by id by its parent. */
export function ConversationPane({ id, initial, meId, meName, onChange, onLoaded, focusMessageId }: Props) {
  const t = useT();
  const { token } = theme.useToken();
  const { can } = useAuth();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const canReply = can('conversations.reply');
  const summary = useRequest((signal) => conversationsApi.get(id, signal), [id]);
  const { setData } = summary;
  const conversation = summary.data ?? initial;
  const messages = useConversationMessages(id);
  const reply = useRef<ReplyBoxHandle>(null);

  useRealtime<ConversationEvent>('conversation.updated', ({ conversation: c }) => {
    if (c.id === id) setData(() => c);
  });
  useRealtimeResync(summary.reload);
  const customerTyping = useCustomerTyping(id);
  useEffect(() => {
    if (summary.data) onLoaded(summary.data);
  }, [summary.data, onLoaded]);

  const apply = useCallback(
    (c: ConversationSummary) => {
      setData(() => c);
      onChange(c);
    },
    [setData, onChange],
  );

  // Opening a conversation puts the cursor in the reply box: the agent types at once.
  const shown = conversation !== undefined;
  useEffect(() => {
    if (canReply && shown) reply.current?.focus();
  }, [canReply, shown]);

  useMarkRead(id, conversation, messages.messages, messages.loading, apply);
  useFocusMessage(focusMessageId, messages);

  if (!conversation) {
    const notFound = summary.error instanceof ApiError && summary.error.status === 404;
    return (
      <Flex vertical justify="center" className="sd-conv-column sd-conv-main" style={{ background: token.colorBgContainer }}>
        {summary.error ? (
          notFound ? (
            <Result
              status="404"
              title={t('conv.notFound')}
              extra={<Button onClick={() => navigate('/conversations')}>{t('conv.backToList')}</Button>}
              data-testid="conversation-not-found"
            />
          ) : (
            <LoadError message={errorText(summary.error)} onRetry={summary.reload} />
          )
        ) : (
          <Flex justify="center">
            <Spin />
          </Flex>
        )}
      </Flex>
    );
  }

  return (
    <>
      <Flex vertical className="sd-conv-column sd-conv-main" style={{ background: token.colorBgContainer, borderColor: token.colorBorderSecondary }} data-testid="conversation-pane">
        <ConversationHeader conversation={conversation} meId={meId} onChange={apply} lastCustomerMessage={lastCustomerText(messages.messages)} />
        <MessageTimeline
          messages={messages.messages}
          pending={messages.pending}
          loading={messages.loading}
          error={messages.error}
          onReload={messages.reload}
          hasOlder={messages.hasOlder}
          loadingOlder={messages.loadingOlder}
          onLoadOlder={() => void messages.loadOlder()}
          onRetry={messages.retry}
          onDiscard={messages.discard}
          meName={meName}
          customerReadUpTo={conversation.channel === 'web' ? conversation.customerLastReadId : undefined}
        />
        <div className="conv-typing" aria-live="polite" data-testid="customer-typing">
          {customerTyping ? t('conv.customerTyping') : ''}
        </div>
        <ReplyBox ref={reply} conversationId={id} canReply={canReply} onSend={messages.send} />
      </Flex>
      <CustomerPanel conversation={conversation} />
    </>
  );
}

/**
 * Tells the server the agent has read up to the newest message, when there is something unread or
 * a customer's message arrived while the conversation was open, and only while the tab is visible.
 */
function useMarkRead(
  id: string,
  conversation: ConversationSummary | undefined,
  messages: { id: string; senderType: string }[],
  loading: boolean,
  apply: (c: ConversationSummary) => void,
) {
  const last = messages[messages.length - 1];
  const unread = conversation?.unreadCount ?? 0;
  const readUpTo = useRef('');
  const firstLastId = useRef<string | null>(null);
  if (!loading && firstLastId.current === null) firstLastId.current = last?.id ?? '';
  const state = useRef({ conversation, apply });
  useEffect(() => {
    state.current = { conversation, apply };
  });

  useEffect(() => {
    if (loading || !last) return;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      if (readUpTo.current && compareIds(last.id, readUpTo.current) <= 0) return;
      const arrivedLive = last.senderType === 'customer' && last.id !== firstLastId.current;
      if (unread === 0 && !arrivedLive) return;
      readUpTo.current = last.id;
      conversationsApi.markRead(id, last.id).catch(() => {
        readUpTo.current = '';
      });
      const c = state.current.conversation;
      if (c && c.unreadCount !== 0) state.current.apply({ ...c, unreadCount: 0 });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [id, last, unread, loading]);
}

/** The text of the customer's latest message (a 转工单 starts its title from it). */
function lastCustomerText(messages: { senderType: string; kind: string; body: string }[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.senderType === 'customer' && m.kind === 'text' && m.body.trim()) return m.body;
  }
  return undefined;
}

/** The middle column before a conversation is picked. */
export function NoConversation() {
  const t = useT();
  const { token } = theme.useToken();
  return (
    <Flex vertical align="center" justify="center" gap={12} className="sd-conv-column sd-conv-main" style={{ background: token.colorBgContainer, borderColor: token.colorBorderSecondary }} data-testid="conversation-none">
      <CommentOutlined style={{ fontSize: 40, color: token.colorTextQuaternary }} />
      <Typography.Text strong>{t('conv.select.title')}</Typography.Text>
      <Typography.Text type="secondary" style={{ maxWidth: 320, textAlign: 'center' }}>
        {t('conv.select.hint')}
      </Typography.Text>
    </Flex>
  );
}
