import { PaperClipOutlined, PhoneOutlined, SoundOutlined } from '@ant-design/icons';
import { Flex, Image, Tag, Typography } from 'antd';
import type { AttachmentRef, Message } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';
import { attachmentUrl, callMeta, duration, fileSize, isAudio, isImage } from './attachments-api';
import './attachments.css';

/**
 * The files of a message: images as thumbnails that open full size in a preview (one gallery per message),
 * recordings as players, anything else as a download link with its size.
 */
export function MessageAttachments({ items }: { items: readonly AttachmentRef[] }) {
  if (items.length === 0) return null;
  const images = items.filter(isImage);
  const audio = items.filter(isAudio);
  const files = items.filter((a) => !isImage(a) && !isAudio(a));
  return (
    <div className="sd-att" data-testid="message-attachments">
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Flex wrap gap={6}>
            {images.map((a) => (
              <Image
                key={a.id}
                className="sd-att-thumb"
                width={120}
                height={120}
                src={attachmentUrl(a.id, 'thumb')}
                preview={{ src: attachmentUrl(a.id) }}
                alt={a.name}
                data-testid="attachment-image"
              />
            ))}
          </Flex>
        </Image.PreviewGroup>
      )}
      {audio.map((a) => (
        <Flex key={a.id} vertical gap={2}>
          <audio className="sd-att-audio" controls preload="metadata" src={attachmentUrl(a.id)} data-testid="attachment-audio" />
          <FileLink a={a} icon={<SoundOutlined />} />
        </Flex>
      ))}
      {files.map((a) => (
        <FileLink key={a.id} a={a} icon={<PaperClipOutlined />} />
      ))}
    </div>
  );
}

function FileLink({ a, icon }: { a: AttachmentRef; icon: React.ReactNode }) {
  return (
    <a className="sd-att-file" href={attachmentUrl(a.id)} download={a.name} title={a.name} data-testid="attachment-file">
      {icon}
      <span className="sd-att-name">{a.name}</span>
      <span className="sd-att-size">{fileSize(a.size)}</span>
    </a>
  );
}

/** A logged phone call: direction, number and duration, the agent's summary, and the recording to play. */
export function CallCard({ m }: { m: Message }) {
  const t = useT();
  const meta = callMeta(m);
  const recording = m.attachments.find(isAudio);
  const inbound = meta?.direction === 'inbound';
  return (
    <div className="sd-call-card" data-testid="call-card">
      <Flex align="center" gap={8} wrap>
        <PhoneOutlined style={{ color: inbound ? '#52c41a' : '#1677ff', transform: inbound ? 'scaleX(-1)' : undefined }} />
        <Tag color={inbound ? 'green' : 'blue'} style={{ marginInlineEnd: 0 }}>
          {t(inbound ? 'call.inbound' : 'call.outbound')}
        </Tag>
        {meta && <Typography.Text strong>{meta.number}</Typography.Text>}
        {meta && <Typography.Text type="secondary">{t('call.lasted', { duration: duration(meta.durationSec) })}</Typography.Text>}
      </Flex>
      {m.body && <div className="sd-call-summary">{m.body}</div>}
      {recording ? (
        <audio className="sd-att-audio" controls preload="metadata" src={attachmentUrl(recording.id)} data-testid="call-recording" />
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('call.noRecording')}
        </Typography.Text>
      )}
      <MessageAttachments items={m.attachments.filter((a) => a.id !== recording?.id)} />
    </div>
  );
}
