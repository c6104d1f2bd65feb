import { ArrowDownOutlined, ExclamationCircleOutlined, LoadingOutlined, LockOutlined, RobotOutlined } from '@ant-design/icons';
import { Avatar, Button, Empty, Flex, Spin, Tooltip, Typography } from 'antd';
import { Fragment, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { Message } from '../../app/api-types';
import { formatDateTime } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText } from '../../app/use-api-error';
import { avatarColor, clockTime, dayKey, dayLabel, useNow } from './conversation-format';
import { EmailDeliveryState, EmailHeaderLine, emailEventText } from './email-meta';
import { LeftMessageLine } from './left-message-line';
import { CallCard, MessageAttachments } from './message-attachments';
import type { PendingMessage } from './use-conversation-messages';

const NEAR_BOTTOM_PX = 80;
const NEAR_TOP_PX = 60;
const GROUP_WITHIN_MS = 5 * 60_000;

type Props = {
  messages: Message[];
  pending: PendingMessage[];
  loading: boolean;
  error: unknown;
  onReload: () => void;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  meName: string;
  /** How far the customer has read the agents' messages (widget conversations); undefined where the channel cannot tell. */
  customerReadUpTo?: string;
};

type Side = 'in' | 'out' | 'center';

function sideOf(m: Message): Side {
  if (m.kind === 'event' || m.senderType === 'system') return 'center';
  return m.senderType === 'customer' ? 'in' : 'out';
}

/** Same sender, same kind, same day and close in time: the second bubble drops its name line. */
function continues(prev: Message | undefined, m: Message): boolean {
  if (!prev || sideOf(prev) === 'center' || sideOf(m) === 'center') return false;
  return (
    prev.senderType === m.senderType &&
    prev.kind === m.kind &&
    (prev.sender?.id ?? prev.sender?.name) === (m.sender?.id ?? m.sender?.name) &&
    dayKey(prev.createdAt) === dayKey(m.createdAt) &&
    Date.parse(m.createdAt) - Date.parse(prev.createdAt) < GROUP_WITHIN_MS
  );
}

/**
 * The conversation's timeline: customer on the left, the shop (agents, bot) on the right, notes in
 * yellow, events centred; a separator per day. Scrolling to the top loads older messages without
 * moving what is on screen; new messages scroll into view only if the reader was at the bottom.
 * Every body is rendered as React text, so markup sent by a visitor stays inert.
 */
export function MessageTimeline(props: Props) {
  const { messages, pending, loading, error, onReload, hasOlder, loadingOlder, onLoadOlder, onRetry, onDiscard, meName, customerReadUpTo } = props;
  const t = useT();
  const errorText = useErrorText();
  const now = useNow(60_000);
  const ref = useRef<HTMLDivElement>(null);
  const snapshot = useRef({ ready: false, firstId: '', lastKey: '', scrollHeight: 0, scrollTop: 0, nearBottom: true });
  const [unseen, setUnseen] = useState(0);

  const firstId = messages[0]?.id ?? '';
  const lastKey = pending.length ? `p:${pending[pending.length - 1].clientId}` : (messages[messages.length - 1]?.id ?? '');

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const prev = snapshot.current;
    if (!prev.ready) {
      if (!loading) {
        el.scrollTop = el.scrollHeight;
        prev.ready = true;
      }
    } else {
      if (prev.firstId && firstId !== prev.firstId && lastKey === prev.lastKey) {
        // Older messages went in above: keep the same message under the reader's eyes.
        el.scrollTop = el.scrollHeight - prev.scrollHeight + prev.scrollTop;
      } else if (lastKey !== prev.lastKey) {
        const mine = lastKey.startsWith('p:');
        if (prev.nearBottom || mine) {
          el.scrollTop = el.scrollHeight;
          setUnseen(0);
        } else {
          setUnseen((n) => n + 1);
        }
      }
    }
    Object.assign(prev, { firstId, lastKey, scrollHeight: el.scrollHeight, scrollTop: el.scrollTop, nearBottom: el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX });
  }, [firstId, lastKey, loading, messages.length]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    const nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    Object.assign(snapshot.current, { scrollHeight: el.scrollHeight, scrollTop: el.scrollTop, nearBottom });
    if (nearBottom && unseen) setUnseen(0);
    if (el.scrollTop < NEAR_TOP_PX && hasOlder && !loadingOlder && snapshot.current.ready) onLoadOlder();
  };

  const toBottom = () => {
    const el = ref.current;
    if (el) el.scrollTo({ top: el.scrollHeight, behavior: 'smooth' });
    setUnseen(0);
  };

  let body: ReactNode;
  if (error && messages.length === 0) {
    body = <LoadError message={errorText(error)} onRetry={onReload} />;
  } else if (loading && messages.length === 0) {
    body = (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  } else if (messages.length === 0 && pending.length === 0) {
    body = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('conv.timeline.empty')} style={{ marginTop: 64 }} />;
  } else {
    body = (
      <>
        <Flex justify="center" style={{ minHeight: 24 }}>
          {loadingOlder ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <LoadingOutlined style={{ marginInlineEnd: 6 }} />
              {t('conv.timeline.loadingOlder')}
            </Typography.Text>
          ) : hasOlder ? (
            <Button type="link" size="small" onClick={onLoadOlder} data-testid="timeline-load-older">
              {t('conv.timeline.loadOlder')}
            </Button>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="timeline-start">
              {t('conv.timeline.start')}
            </Typography.Text>
          )}
        </Flex>
        {messages.map((m, i) => {
          const prev = messages[i - 1];
          const newDay = !prev || dayKey(prev.createdAt) !== dayKey(m.createdAt);
          return (
            <Fragment key={m.id}>
              {newDay && (
                <div className="sd-conv-day" role="separator">
                  {dayLabel(m.createdAt, now, t)}
                </div>
              )}
              <MessageItem m={m} grouped={!newDay && continues(prev, m)} read={customerReadUpTo === undefined || m.kind !== 'text' || m.senderType === 'customer' ? undefined : Number(m.id) <= Number(customerReadUpTo)} />
            </Fragment>
          );
        })}
        {pending.map((p) => (
          <PendingItem key={p.clientId} p={p} meName={meName} onRetry={onRetry} onDiscard={onDiscard} />
        ))}
      </>
    );
  }

  return (
    <div style={{ position: 'relative', flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
      <div ref={ref} className="sd-conv-timeline" onScroll={onScroll} data-testid="message-timeline" role="log">
        {body}
      </div>
      {unseen > 0 && (
        <Button className="sd-conv-jump" shape="round" size="small" type="primary" icon={<ArrowDownOutlined />} onClick={toBottom} data-testid="timeline-new-messages">
          {t('conv.timeline.newMessages', { count: unseen })}
        </Button>
      )}
    </div>
  );
}

function MessageItem({ m, grouped, read }: { m: Message; grouped: boolean; read?: boolean }) {
  const t = useT();
  const side = sideOf(m);
  const time = (
    <Tooltip title={formatDateTime(m.createdAt)}>
      <span>{clockTime(m.createdAt)}</span>
    </Tooltip>
  );

  if (side === 'center') {
    return (
      <div className="sd-conv-event" data-testid={`message-${m.id}`} data-kind="event">
        <span>
          {emailEventText(m, t) ?? m.body} · {time}
        </span>
      </div>
    );
  }

  const name = m.sender?.name || t(m.senderType === 'bot' ? 'conv.sender.bot' : m.senderType === 'customer' ? 'conv.sender.customer' : 'conv.sender.agent');
  const isNote = m.kind === 'note';
  const variant = isNote ? 'is-note' : m.senderType === 'customer' ? 'is-customer' : m.senderType === 'bot' ? 'is-bot' : 'is-agent';

  return (
    <div className={`sd-conv-msg${side === 'out' ? ' is-outgoing' : ''}${grouped ? ' is-grouped' : ''}`} data-testid={`message-${m.id}`} data-kind={m.kind} data-sender={m.senderType}>
      {side === 'in' &&
        (grouped ? (
          <span style={{ width: 32, flex: 'none' }} />
        ) : (
          <Avatar size={32} style={{ background: avatarColor(m.sender?.id || name), flex: 'none' }}>
            {name.slice(0, 1).toUpperCase()}
          </Avatar>
        ))}
      <div className="sd-conv-msg-body">
        {!grouped && (
          <div className="sd-conv-meta">
            {isNote && (
              <span style={{ color: '#ad8b00', marginInlineEnd: 6 }}>
                <LockOutlined style={{ marginInlineEnd: 4 }} />
                {t('conv.note')}
              </span>
            )}
            {m.senderType === 'bot' && <RobotOutlined style={{ marginInlineEnd: 4 }} />}
            <span style={{ marginInlineEnd: 6 }}>{name}</span>
            {time}
          </div>
        )}
        <EmailHeaderLine m={m} />
        <LeftMessageLine m={m} />
        <div className={`sd-conv-bubble ${variant}`} data-testid="message-body">
          {isNote && grouped && <LockOutlined style={{ color: '#ad8b00', marginInlineEnd: 6 }} aria-label={t('conv.note')} />}
          {m.kind === 'call' ? <CallCard m={m} /> : m.body}
          {m.kind !== 'call' && <MessageAttachments items={m.attachments} />}
        </div>
        <EmailDeliveryState m={m} />
        {read !== undefined && (
          <div className={`sd-conv-read${read ? ' is-read' : ''}`} data-testid="message-read-state" data-read={read ? 'yes' : 'no'}>
            {t(read ? 'conv.read.yes' : 'conv.read.no')}
          </div>
        )}
      </div>
    </div>
  );
}

function PendingItem({ p, meName, onRetry, onDiscard }: { p: PendingMessage; meName: string; onRetry: (clientId: string) => void; onDiscard: (clientId: string) => void }) {
  const t = useT();
  const errorText = useErrorText();
  const failed = p.error !== undefined;
  return (
    <div className="sd-conv-msg is-outgoing" data-testid="message-pending" data-state={failed ? 'failed' : 'sending'}>
      <div className="sd-conv-msg-body">
        <div className="sd-conv-meta">
          {p.private && (
            <span style={{ color: '#ad8b00', marginInlineEnd: 6 }}>
              <LockOutlined style={{ marginInlineEnd: 4 }} />
              {t('conv.note')}
            </span>
          )}
          <span style={{ marginInlineEnd: 6 }}>{meName}</span>
          {failed ? (
            <>
              <Tooltip title={errorText(p.error)}>
                <Typography.Text type="danger" style={{ fontSize: 12 }}>
                  <ExclamationCircleOutlined style={{ marginInlineEnd: 4 }} />
                  {t('conv.pending.failed')}
                </Typography.Text>
              </Tooltip>
              <Button type="link" size="small" style={{ height: 'auto', padding: '0 0 0 8px', fontSize: 12 }} onClick={() => onRetry(p.clientId)} data-testid="pending-retry">
                {t('conv.pending.retry')}
              </Button>
              <Button type="link" size="small" danger style={{ height: 'auto', padding: '0 0 0 8px', fontSize: 12 }} onClick={() => onDiscard(p.clientId)}>
                {t('conv.pending.discard')}
              </Button>
            </>
          ) : (
            <span>
              <LoadingOutlined style={{ marginInlineEnd: 4 }} />
              {t('conv.pending.sending')}
            </span>
          )}
        </div>
        <div className={`sd-conv-bubble ${p.private ? 'is-note' : 'is-agent'} ${failed ? 'is-failed' : 'is-pending'}`}>
          {p.body}
          {p.attachments && <MessageAttachments items={p.attachments} />}
        </div>
      </div>
    </div>
  );
}
