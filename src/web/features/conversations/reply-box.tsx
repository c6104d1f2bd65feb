import { LockOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Input, Tabs, Typography, theme } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../../app/i18n-provider';
import { isMac } from './conversation-format';

export const MAX_BODY = 5000;

type Mode = 'reply' | 'note';

// Drafts outlive switching between conversations (not a reload): an agent juggles several chats.
const drafts = new Map<string, { text: string; mode: Mode }>();

export type ReplyBoxHandle = { focus: () => void };

type Props = {
  conversationId: string;
  canReply: boolean;
  onSend: (body: string, isPrivate: boolean) => void;
};

/**
 * The reply box: a reply to the customer or an internal note. Enter (or Ctrl/⌘+Enter) sends,
 * Shift+Enter starts a new line, Esc leaves the box. Enter while an input method is composing
 * Chinese only confirms the composition.
 */
export const ReplyBox = forwardRef<ReplyBoxHandle, Props>(function ReplyBox({ conversationId, canReply, onSend }, handle) {
  const t = useT();
  const { token } = theme.useToken();
  const saved = drafts.get(conversationId);
  const [mode, setModeState] = useState<Mode>(saved?.mode ?? 'reply');
  const [text, setTextState] = useState(saved?.text ?? '');
  const input = useRef<TextAreaRef>(null);
  useImperativeHandle(handle, () => ({ focus: () => input.current?.focus() }), []);

  const remember = (next: { text: string; mode: Mode }) => {
    if (next.text) drafts.set(conversationId, next);
    else drafts.delete(conversationId);
  };
  const setText = (value: string) => {
    setTextState(value);
    remember({ text: value, mode });
  };
  const setMode = (value: Mode) => {
    setModeState(value);
    remember({ text, mode: value });
    input.current?.focus();
  };

  const send = () => {
    const body = text.trim();
    if (!body || !canReply) return;
    onSend(body, mode === 'note');
    setTextState('');
    drafts.delete(conversationId);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      e.currentTarget.blur();
      return;
    }
    if (e.key !== 'Enter' || e.nativeEvent.isComposing || e.keyCode === 229) return;
    if (e.shiftKey) return;
    e.preventDefault();
    send();
  };

  const isNote = mode === 'note';
  const modKey = isMac ? '⌘' : 'Ctrl';

  return (
    <div className={`sd-conv-reply${isNote ? ' is-note' : ''}`} style={{ borderTop: `1px solid ${token.colorBorderSecondary}`, padding: '0 16px 12px' }} data-testid="reply-box">
      <Tabs
        size="small"
        activeKey={mode}
        onChange={(key) => setMode(key as Mode)}
        tabBarStyle={{ marginBottom: 8 }}
        items={[
          { key: 'reply', label: <span data-testid="reply-tab">{t('conv.reply.tab')}</span>, disabled: !canReply },
          {
            key: 'note',
            label: (
              <span data-testid="note-tab">
                <LockOutlined style={{ marginInlineEnd: 4 }} />
                {t('conv.reply.noteTab')}
              </span>
            ),
            disabled: !canReply,
          },
        ]}
      />
      {!canReply && <Alert type="info" showIcon title={t('conv.reply.noPermission')} style={{ marginBottom: 8 }} data-testid="reply-no-permission" />}
      <Input.TextArea
        ref={input}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        disabled={!canReply}
        maxLength={MAX_BODY}
        autoSize={{ minRows: 3, maxRows: 7 }}
        placeholder={t(isNote ? 'conv.reply.notePlaceholder' : 'conv.reply.placeholder')}
        aria-label={t(isNote ? 'conv.reply.noteTab' : 'conv.reply.tab')}
        data-testid="reply-input"
      />
      <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 8 }}>
        <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, minWidth: 0 }}>
          {isNote ? t('conv.reply.noteHint') : t('conv.reply.hint', { mod: modKey })}
          {text.length > MAX_BODY - 500 && ` · ${text.length}/${MAX_BODY}`}
        </Typography.Text>
        <Button
          type="primary"
          icon={isNote ? <LockOutlined /> : <SendOutlined />}
          onClick={send}
          disabled={!canReply || !text.trim()}
          style={isNote ? { background: !canReply || !text.trim() ? undefined : '#d48806' } : undefined}
          data-testid="reply-send"
        >
          {t(isNote ? 'conv.reply.addNote' : 'conv.reply.send')}
        </Button>
      </Flex>
    </div>
  );
});
