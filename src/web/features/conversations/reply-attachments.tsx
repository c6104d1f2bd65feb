import { CloseOutlined, ExclamationCircleOutlined, LoadingOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ACCEPT_FILES, ACCEPT_RECORDINGS, MAX_FILE_BYTES, MAX_RECORDING_BYTES } from '../../../contracts/attachment-types';
import { ApiError } from '../../app/api-client';
import type { AttachmentRef } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';
import { useErrorText } from '../../app/use-api-error';
import { fileSize, uploadAttachment } from './attachments-api';
import { newClientId } from './conversations-api';
import './attachments.css';

/** A file on its way into the reply: uploading, stored (ref), or refused (error). */
export type ReplyFile = { uid: string; name: string; size: number; progress: number; preview?: string; ref?: AttachmentRef; error?: unknown };

const tooLargeFor = (file: File) => file.size > (file.type.startsWith('audio/') ? MAX_RECORDING_BYTES : MAX_FILE_BYTES);

/**
 * The files of the reply being written. Each starts uploading as soon as it is picked, pasted or
 * dropped, so sending is instant; the reply may go once every file is stored.
 */
export function useReplyAttachments(conversationId: string) {
  const t = useT();
  const [items, setItems] = useState<ReplyFile[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const update = useCallback((uid: string, patch: Partial<ReplyFile>) => setItems((cur) => cur.map((f) => (f.uid === uid ? { ...f, ...patch } : f))), []);

  const add = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const uid = newClientId();
        const preview = file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined;
        const item: ReplyFile = { uid, name: file.name || 'image.png', size: file.size, progress: 0, preview };
        if (tooLargeFor(file)) {
          setItems((cur) => [...cur, { ...item, error: new ApiError(413, 'attachment_too_large', t('att.tooLarge', { name: item.name })) }]);
          continue;
        }
        setItems((cur) => [...cur, item]);
        const controller = new AbortController();
        controllers.current.set(uid, controller);
        uploadAttachment(conversationId, file, (progress) => update(uid, { progress }), controller.signal).then(
          (ref) => update(uid, { ref, progress: 100 }),
          (error: unknown) => {
            if (!(error instanceof DOMException)) update(uid, { error });
          },
        ).finally(() => controllers.current.delete(uid));
      }
    },
    [conversationId, t, update],
  );

  const forget = (f: ReplyFile) => {
    controllers.current.get(f.uid)?.abort();
    if (f.preview) URL.revokeObjectURL(f.preview);
  };
  const remove = useCallback((uid: string) => {
    const f = itemsRef.current.find((x) => x.uid === uid);
    if (f) forget(f);
    setItems((cur) => cur.filter((x) => x.uid !== uid));
  }, []);
  /** After sending: the files now belong to the message. */
  const clear = useCallback(() => {
    for (const f of itemsRef.current) if (f.preview) URL.revokeObjectURL(f.preview);
    setItems([]);
  }, []);
  useEffect(() => () => itemsRef.current.forEach(forget), []);

  const refs = items.flatMap((f) => (f.ref ? [f.ref] : []));
  return {
    items,
    add,
    remove,
    clear,
    refs,
    /** Every file is stored (and there is at least one). */
    ready: items.length > 0 && refs.length === items.length,
    /** Something is still uploading or was refused: the reply waits. */
    blocking: items.some((f) => !f.ref),
  };
}

/** The picked files above the reply box, each with its progress or the reason it was refused. */
export function ReplyAttachmentTray({ items, onRemove }: { items: ReplyFile[]; onRemove: (uid: string) => void }) {
  const t = useT();
  const errorText = useErrorText();
  if (items.length === 0) return null;
  return (
    <div className="sd-reply-tray" data-testid="reply-attachments">
      {items.map((f) => (
        <div key={f.uid} className={`sd-reply-file${f.error ? ' is-error' : ''}`} data-testid="reply-attachment" data-state={f.error ? 'error' : f.ref ? 'done' : 'uploading'}>
          {f.preview ? <img src={f.preview} alt="" /> : <PaperClipOutlined />}
          <Typography.Text ellipsis style={{ fontSize: 12, minWidth: 0, flex: 1 }} title={f.name}>
            {f.name}
          </Typography.Text>
          {f.error ? (
            <Tooltip title={errorText(f.error)}>
              <Typography.Text type="danger" style={{ fontSize: 12, flex: 'none' }} data-testid="reply-attachment-error">
                <ExclamationCircleOutlined style={{ marginInlineEnd: 4 }} />
                {t('att.failed')}
              </Typography.Text>
            </Tooltip>
          ) : f.ref ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
              {fileSize(f.size)}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
              <LoadingOutlined style={{ marginInlineEnd: 4 }} />
              {t('att.uploading', { percent: f.progress })}
            </Typography.Text>
          )}
          <Button type="text" size="small" icon={<CloseOutlined />} onClick={() => onRemove(f.uid)} aria-label={t('att.remove')} />
        </div>
      ))}
    </div>
  );
}

/** The paper clip: picks images, documents or recordings (paste and drop work too). */
export function AttachButton({ disabled, onFiles }: { disabled: boolean; onFiles: (files: File[]) => void }) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Tooltip title={t('att.attach')}>
        <Button type="text" icon={<PaperClipOutlined />} disabled={disabled} onClick={() => input.current?.click()} aria-label={t('att.attach')} data-testid="reply-attach" />
      </Tooltip>
      <input
        ref={input}
        type="file"
        multiple
        style={{ display: 'none' }}
        accept={`${ACCEPT_FILES},${ACCEPT_RECORDINGS}`}
        data-testid="reply-attach-input"
        onChange={(e) => {
          onFiles(Array.from(e.target.files ?? []));
          e.target.value = '';
        }}
      />
    </>
  );
}
