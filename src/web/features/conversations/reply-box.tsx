import { LockOutlined, SendOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Input, Popover, Tabs, Tooltip, Typography, theme } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { QuickReply } from '../../app/api-types';
import { useRealtimeSend } from '../../app/realtime';
import { useT } from '../../app/i18n-provider';
import { useErrorText } from '../../app/use-api-error';
import { filterReplies, quickRepliesApi, useQuickReplies, variableLabel } from '../quick-replies/quick-replies-api';
import { isMac } from './conversation-format';
import { QuickReplyPicker } from './quick-reply-picker';
import { ReceptionGuide, useReceptionStep } from './reception-guide';
import { mentionedIn, useColleagues } from './colleagues';
import { MentionButton } from './mention-button';
import { EmojiButton } from './emoji-button';
import { AttachButton, ReplyAttachmentTray, useReplyAttachments } from './reply-attachments';
import { LogCallButton } from './log-call-modal';
import type { AttachmentRef } from '../../app/api-types';

export const MAX_BODY = 5000;

type Mode = 'reply' | 'note';

// Drafts outlive switching between conversations (not a reload): an agent juggles several chats.
const drafts = new Map<string, { text: string; mode: Mode }>();

export type ReplyBoxHandle = { focus: () => void };

/** The quick-reply picker: what was typed after the slash, and the range of text it will replace. */
type Picker = { query: string; start: number; end: number; viaButton: boolean };

/** A slash at the start or after a space, and what follows it up to the cursor: `/hi`. */
export function slashQuery(value: string, caret: number): { query: string; start: number; end: number } | null {
  const m = /(^|\s)\/([^\s/]*)$/.exec(value.slice(0, caret));
  if (!m) return null;
  return { query: m[2], start: caret - m[2].length - 1, end: caret };
}

type Props = {
  conversationId: string;
  canReply: boolean;
  onSend: (body: string, isPrivate: boolean, mentions?: string[], attachments?: AttachmentRef[]) => void;
};

/**
 * The reply box: a reply to the customer or an internal note. Enter (or Ctrl/⌘+Enter) sends,
 * Shift+Enter starts a new line, Esc leaves the box. Enter while an input method is composing
 * Chinese only confirms the composition. `/` opens the quick replies; a picked one is filled in
 * for this conversation and put in the box to edit before sending.
 */
const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;

/** Tells the shopper "正在输入…" while the agent types a reply (never while writing a note). */
function useTypingSignal(conversationId: string) {
  const sendFrame = useRealtimeSend();
  const last = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stop = useCallback(() => {
    clearTimeout(idle.current);
    if (last.current) sendFrame({ type: 'typing', conversationId, on: false });
    last.current = 0;
  }, [sendFrame, conversationId]);
  const active = useCallback(() => {
    const now = Date.now();
    if (now - last.current > TYPING_REPEAT_MS) {
      sendFrame({ type: 'typing', conversationId, on: true });
      last.current = now;
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(stop, TYPING_IDLE_MS);
  }, [sendFrame, conversationId, stop]);
  useEffect(() => stop, [stop]);
  return { active, stop };
}

export const ReplyBox = forwardRef<ReplyBoxHandle, Props>(function ReplyBox({ conversationId, canReply, onSend }, handle) {
  const t = useT();
  const { token } = theme.useToken();
  const saved = drafts.get(conversationId);
  const [mode, setModeState] = useState<Mode>(saved?.mode ?? 'reply');
  const [text, setTextState] = useState(saved?.text ?? '');
  const input = useRef<TextAreaRef>(null);
  useImperativeHandle(handle, () => ({ focus: () => input.current?.focus() }), []);
  const { message } = App.useApp();
  const errorText = useErrorText();
  const quickReplies = useQuickReplies();
  const [picker, setPicker] = useState<Picker | null>(null);
  const [active, setActive] = useState(0);
  const [missing, setMissing] = useState<string[]>([]);
  const [step, setStep] = useReceptionStep(conversationId);
  const typing = useTypingSignal(conversationId);
  const colleagues = useColleagues();
  const files = useReplyAttachments(conversationId);
  // Text, or files that are all stored: a reply waits for its uploads.
  const sendable = canReply && (Boolean(text.trim()) || files.ready) && !files.blocking;
  const latest = useRef(text);
  latest.current = text;
  const matches = useMemo(() => (picker ? filterReplies(quickReplies.items, picker.query) : []), [picker, quickReplies.items]);
  const textArea = () => input.current?.resizableTextArea?.textArea ?? null;

  const remember = (next: { text: string; mode: Mode }) => {
    if (next.text) drafts.set(conversationId, next);
    else drafts.delete(conversationId);
  };
  const setText = (value: string) => {
    latest.current = value;
    setTextState(value);
    remember({ text: value, mode });
    if (!value) setMissing([]);
  };

  const openPicker = (next: Picker) => {
    if (!picker) quickReplies.refresh();
    setPicker(next);
    setActive(0);
  };
  const closePicker = (refocus = false) => {
    setPicker(null);
    if (refocus) input.current?.focus();
  };

  const onChange = (value: string, caret: number) => {
    setText(value);
    if (mode === 'reply') typing.active();
    const slash = slashQuery(value, caret);
    if (slash) openPicker({ ...slash, viaButton: false });
    else if (picker && !picker.viaButton) closePicker();
  };

  /** Puts text in place of [start, end) of the box, if that part is still what it was, else at the cursor. */
  const insert = (value: string, range: { start: number; end: number; expect?: string }) => {
    const current = latest.current;
    const el = textArea();
    let { start, end } = range;
    if (range.expect !== undefined && current.slice(start, end) !== range.expect) {
      start = el?.selectionStart ?? current.length;
      end = el?.selectionEnd ?? start;
    }
    start = Math.min(start, current.length);
    end = Math.min(Math.max(end, start), current.length);
    const next = (current.slice(0, start) + value + current.slice(end)).slice(0, MAX_BODY);
    setText(next);
    const caret = Math.min(start + value.length, next.length);
    requestAnimationFrame(() => {
      input.current?.focus();
      textArea()?.setSelectionRange(caret, caret);
    });
  };

  /** Fills the reply's variables for this conversation and puts it in the box. */
  const applyReply = async (reply: QuickReply, range: { start: number; end: number }) => {
    const expect = latest.current.slice(range.start, range.end);
    let filled = { text: reply.body, missing: [] as string[] };
    try {
      filled = await quickRepliesApi.render(conversationId, reply.body);
    } catch (err) {
      message.warning(t('qr.renderFailed', { message: errorText(err) }));
    }
    insert(filled.text, { ...range, expect });
    setMissing(filled.missing);
  };

  const pick = (reply: QuickReply | undefined) => {
    const p = picker;
    closePicker(true);
    if (!reply || !p) return;
    void applyReply(reply, p);
  };

  const openFromButton = () => {
    if (picker) return closePicker(true);
    const el = textArea();
    const start = el?.selectionStart ?? text.length;
    openPicker({ query: '', start, end: el?.selectionEnd ?? start, viaButton: true });
  };

  const pickFromGuide = (reply: QuickReply) => {
    const el = textArea();
    const start = el?.selectionStart ?? text.length;
    void applyReply(reply, { start, end: el?.selectionEnd ?? start });
  };

  /** Arrow keys, Enter and Esc drive the open picker; true when the key was its. */
  const pickerKey = (e: KeyboardEvent<HTMLElement>): boolean => {
    if (!picker) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = matches.length;
      if (n > 0) setActive((i) => (e.key === 'ArrowDown' ? (i + 1) % n : (i - 1 + n) % n));
      return true;
    }
    if ((e.key === 'Enter' || e.key === 'Tab') && !e.nativeEvent.isComposing && e.keyCode !== 229) {
      if (e.key === 'Tab' && matches.length === 0) return false;
      e.preventDefault();
      pick(matches[active]);
      return true;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closePicker(true);
      return true;
    }
    return false;
  };
  const setMode = (value: Mode) => {
    setModeState(value);
    remember({ text, mode: value });
    input.current?.focus();
  };

  const send = () => {
    typing.stop();
    const body = text.trim();
    if (!sendable) return;
    onSend(body, mode === 'note', mode === 'note' ? mentionedIn(body, colleagues) : undefined, files.refs.length ? files.refs : undefined);
    files.clear();
    setTextState('');
    latest.current = '';
    setMissing([]);
    closePicker();
    drafts.delete(conversationId);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (pickerKey(e)) return;
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
    <div
      className={`sd-conv-reply${isNote ? ' is-note' : ''}`}
      style={{ borderTop: `1px solid ${token.colorBorderSecondary}`, padding: '0 16px 12px' }}
      data-testid="reply-box"
      onDragOver={(e) => {
        if (canReply && e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        if (!canReply || !e.dataTransfer.files.length) return;
        e.preventDefault();
        files.add(Array.from(e.dataTransfer.files));
      }}
    >
      <ReceptionGuide step={step} onStep={setStep} replies={quickReplies.items} disabled={!canReply} onPick={pickFromGuide} />
      <Tabs
        size="small"
        activeKey={mode}
        onChange={(key) => setMode(key as Mode)}
        tabBarStyle={{ marginBottom: 8 }}
        tabBarExtraContent={
          <Flex gap={4}>
          <EmojiButton
            disabled={!canReply}
            onPick={(emoji) => {
              const el = textArea();
              const start = el?.selectionStart ?? text.length;
              insert(emoji, { start, end: el?.selectionEnd ?? start });
            }}
          />
          {mode === 'note' && (
            <MentionButton
              colleagues={colleagues}
              disabled={!canReply}
              onPick={(name) => {
                const el = textArea();
                const start = el?.selectionStart ?? text.length;
                insert(`@${name} `, { start, end: el?.selectionEnd ?? start });
              }}
            />
          )}
          <Tooltip title={t('qr.openHint')}>
            <Button
              type={picker?.viaButton ? 'primary' : 'text'}
              ghost={picker?.viaButton}
              size="small"
              icon={<ThunderboltOutlined />}
              onMouseDown={(e) => e.preventDefault()}
              onClick={openFromButton}
              disabled={!canReply}
              aria-label={t('qr.open')}
              data-testid="quick-reply-open"
            >
              {t('qr.open')}
            </Button>
          </Tooltip>
          </Flex>
        }
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
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setMissing([]) }}
          title={t('qr.missing', { vars: missing.map((v) => variableLabel(t, v)).join('、') })}
          style={{ marginBottom: 8, padding: '4px 12px', fontSize: 12 }}
          data-testid="quick-reply-missing"
        />
      )}
      <ReplyAttachmentTray items={files.items} onRemove={files.remove} />
      <Popover
        open={Boolean(picker) && canReply}
        placement="topLeft"
        arrow={false}
        trigger={[]}
        destroyOnHidden
        onOpenChange={(open) => {
          if (!open) closePicker();
        }}
        styles={{ container: { padding: 4 } }}
        content={
          <QuickReplyPicker
            items={matches}
            active={active}
            loading={quickReplies.loading || !quickReplies.loaded}
            onActive={setActive}
            onPick={pick}
            search={
              picker?.viaButton
                ? {
                    value: picker.query,
                    onChange: (query) => {
                      setPicker((p) => (p ? { ...p, query } : p));
                      setActive(0);
                    },
                    onKeyDown: (e) => void pickerKey(e),
                    onBlur: () => closePicker(),
                  }
                : undefined
            }
          />
        }
      >
        <Input.TextArea
          ref={input}
          value={text}
          onChange={(e) => onChange(e.target.value, e.target.selectionStart ?? e.target.value.length)}
          onBlur={() => {
            if (picker && !picker.viaButton) closePicker();
          }}
          onKeyDown={onKeyDown}
          onPaste={(e) => {
            // A pasted screenshot becomes an attachment; pasted text stays text.
            const pasted = Array.from(e.clipboardData.files);
            if (!pasted.length || !canReply) return;
            e.preventDefault();
            files.add(pasted);
          }}
          disabled={!canReply}
          maxLength={MAX_BODY}
          autoSize={{ minRows: 3, maxRows: 7 }}
          placeholder={t(isNote ? 'conv.reply.notePlaceholder' : 'conv.reply.placeholder')}
          aria-label={t(isNote ? 'conv.reply.noteTab' : 'conv.reply.tab')}
          data-testid="reply-input"
        />
      </Popover>
      <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 8 }}>
        <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, minWidth: 0 }}>
          {isNote ? t('conv.reply.noteHint') : t('conv.reply.hint', { mod: modKey })}
          {text.length > MAX_BODY - 500 && ` · ${text.length}/${MAX_BODY}`}
        </Typography.Text>
        <Flex align="center" gap={4} style={{ flex: 'none' }}>
          <AttachButton disabled={!canReply} onFiles={files.add} />
          <LogCallButton conversationId={conversationId} disabled={!canReply} />
          <Button
            type="primary"
            icon={isNote ? <LockOutlined /> : <SendOutlined />}
            onClick={send}
            disabled={!sendable}
            style={isNote ? { background: !sendable ? undefined : '#d48806' } : undefined}
            data-testid="reply-send"
          >
            {t(isNote ? 'conv.reply.addNote' : 'conv.reply.send')}
          </Button>
        </Flex>
      </Flex>
    </div>
  );
});
