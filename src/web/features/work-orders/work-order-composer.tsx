import { CloseOutlined, EyeOutlined, LoadingOutlined, LockOutlined, PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Segmented, Tooltip, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useRef, useState } from 'react';
import { ACCEPT_FILES, ACCEPT_RECORDINGS, MAX_FILE_BYTES, MAX_RECORDING_BYTES } from '../../../contracts/attachment-types';
import { ApiError } from '../../app/api-client';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { useRequest } from '../../app/use-request';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { collaborationApi, mentionedIn } from '../conversations/colleagues';
import { fileSize } from '../conversations/attachments-api';
import { newClientId } from '../conversations/conversations-api';
import { MentionButton } from '../conversations/mention-button';
import { announceWorkOrderChange, uploadWorkOrderFile, workOrdersApi, type WorkOrder, type WorkOrderAttachment } from './work-orders-api';

type Upload = { uid: string; name: string; size: number; progress: number; ref?: WorkOrderAttachment; error?: unknown };
const MAX_FILES = 10;

/**
 * 内部评论 / 回复顾客. A reply goes to the customer through the linked conversation's channel, so it
 * is only offered when there is one; an internal comment can @mention colleagues and carry files.
 */
export function WorkOrderComposer({ workOrder, onSent }: { workOrder: WorkOrder; onSent: (wo: WorkOrder) => void }) {
  const t = useT();
  const showError = useShowError();
  const errorText = useErrorText();
  const { can } = useAuth();
  // The colleagues list is open to those who read conversations; operations staff mention nobody here.
  const canMention = can('conversations.read');
  const colleaguesRequest = useRequest((signal) => collaborationApi.colleagues(signal), [], canMention);
  const colleagues = colleaguesRequest.data ?? [];
  const [body, setBody] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [files, setFiles] = useState<Upload[]>([]);
  const [sending, setSending] = useState(false);
  const clientId = useRef(newClientId());
  const input = useRef<TextAreaRef>(null);
  const picker = useRef<HTMLInputElement>(null);
  const controllers = useRef(new Map<string, AbortController>());
  const canReply = Boolean(workOrder.conversationId) || workOrder.links.length > 0;

  useEffect(() => {
    if (!canReply && isPublic) setPublic(false);
  }, [canReply, isPublic]);
  useEffect(() => () => controllers.current.forEach((c) => c.abort()), []);

  const update = (uid: string, patch: Partial<Upload>) => setFiles((cur) => cur.map((f) => (f.uid === uid ? { ...f, ...patch } : f)));
  const addFiles = (list: FileList | null) => {
    for (const file of Array.from(list ?? []).slice(0, MAX_FILES - files.length)) {
      const uid = newClientId();
      if (file.size > (file.type.startsWith('audio/') ? MAX_RECORDING_BYTES : MAX_FILE_BYTES)) {
        setFiles((cur) => [...cur, { uid, name: file.name, size: file.size, progress: 0, error: new ApiError(413, 'attachment_too_large', t('att.tooLarge', { name: file.name })) }]);
        continue;
      }
      setFiles((cur) => [...cur, { uid, name: file.name, size: file.size, progress: 0 }]);
      const controller = new AbortController();
      controllers.current.set(uid, controller);
      uploadWorkOrderFile(workOrder.id, file, (progress) => update(uid, { progress }), controller.signal)
        .then(
          (ref) => update(uid, { ref, progress: 100 }),
          (error: unknown) => {
            if (!(error instanceof DOMException)) update(uid, { error });
          },
        )
        .finally(() => controllers.current.delete(uid));
    }
  };
  const removeFile = (uid: string) => {
    controllers.current.get(uid)?.abort();
    setFiles((cur) => cur.filter((f) => f.uid !== uid));
  };

  const uploading = files.some((f) => !f.ref && !f.error);
  const failed = files.some((f) => f.error);
  const stored = files.flatMap((f) => (f.ref ? [f.ref.id] : []));
  const canSend = !sending && !uploading && !failed && (body.trim().length > 0 || (stored.length > 0 && !isPublic));

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    try {
      const mentions = isPublic ? [] : mentionedIn(body, colleagues);
      const wo = await workOrdersApi.comment(workOrder.id, {
        body: body.trim(),
        public: isPublic,
        ...(mentions.length ? { mentions } : {}),
        ...(stored.length ? { attachmentIds: stored } : {}),
        clientId: clientId.current,
      });
      setBody('');
      setFiles([]);
      // Back to internal after a reply: the next thing typed is not sent to the customer by mistake.
      setPublic(false);
      clientId.current = newClientId();
      announceWorkOrderChange(wo.id);
      onSent(wo);
    } catch (err) {
      showError(err);
    } finally {
      setSending(false);
    }
  };

  const insertMention = (name: string) => {
    setBody((b) => `${b}${b && !b.endsWith(' ') ? ' ' : ''}@${name} `);
    input.current?.focus();
  };

  return (
    <div className={`sd-wo-composer${isPublic ? ' is-public' : ''}`} data-testid="work-order-composer">
      <Flex align="center" justify="space-between" gap={8} wrap style={{ marginBottom: 8 }}>
        <Flex align="center" gap={8}>
          <Tooltip title={canReply ? t('wo.composer.publicHint') : t('wo.composer.noConversation')}>
            <Segmented
              size="small"
              value={isPublic ? 'public' : 'internal'}
              onChange={(v) => setPublic(v === 'public')}
              options={[
                { value: 'internal', label: t('wo.composer.comment') },
                { value: 'public', label: t('wo.composer.reply'), disabled: !canReply },
              ]}
              data-testid="work-order-composer-public"
            />
          </Tooltip>
          {isPublic ? (
            <Typography.Text style={{ color: '#1677ff', fontSize: 12 }}>
              <EyeOutlined /> {t('wo.composer.visibleToCustomer')}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <LockOutlined /> {t('wo.composer.internalOnly')}
            </Typography.Text>
          )}
        </Flex>
        <Flex align="center" gap={4}>
          {!isPublic && canMention && <MentionButton colleagues={colleagues} disabled={sending} onPick={insertMention} />}
          <Tooltip title={t('wo.composer.attach')}>
            <Button type="text" size="small" icon={<PaperClipOutlined />} disabled={sending || files.length >= MAX_FILES} onClick={() => picker.current?.click()} data-testid="work-order-composer-attach">
              {t('wo.composer.attachShort')}
            </Button>
          </Tooltip>
          <input
            ref={picker}
            type="file"
            multiple
            hidden
            accept={`${ACCEPT_FILES},${ACCEPT_RECORDINGS}`}
            onChange={(e) => {
              addFiles(e.target.files);
              e.target.value = '';
            }}
            data-testid="work-order-composer-file"
          />
        </Flex>
      </Flex>
      <Input.TextArea
        ref={input}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        autoSize={{ minRows: 3, maxRows: 10 }}
        maxLength={10_000}
        placeholder={isPublic ? t('wo.composer.replyPlaceholder') : canMention ? t('wo.composer.commentPlaceholder') : t('wo.composer.commentPlaceholderPlain')}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          }
        }}
        data-testid="work-order-composer-input"
      />
      {files.length > 0 && (
        <div className="sd-wo-files">
          {files.map((f) => (
            <div key={f.uid} className={`sd-wo-file${f.error ? ' is-error' : ''}`} data-testid="work-order-composer-upload">
              {f.ref ? <PaperClipOutlined /> : f.error ? null : <LoadingOutlined />}
              <span className="sd-wo-file-name" title={f.name}>
                {f.name}
              </span>
              <span className="sd-wo-ev-size">{f.error ? errorText(f.error) : f.ref ? fileSize(f.size) : `${f.progress}%`}</span>
              <Button type="text" size="small" icon={<CloseOutlined />} onClick={() => removeFile(f.uid)} aria-label={t('wo.composer.removeFile')} />
            </div>
          ))}
        </div>
      )}
      <Flex justify="space-between" align="center" style={{ marginTop: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('wo.composer.shortcut')}
        </Typography.Text>
        <Button type="primary" icon={<SendOutlined />} loading={sending} disabled={!canSend} onClick={() => void send()} data-testid="work-order-composer-send">
          {isPublic ? t('wo.composer.sendReply') : t('wo.composer.sendComment')}
        </Button>
      </Flex>
    </div>
  );
}
