import { ExclamationCircleOutlined, LoadingOutlined, MailOutlined } from '@ant-design/icons';
import { Tooltip, Typography } from 'antd';
import type { Message } from '../../app/api-types';
import { useT, type Translate } from '../../app/i18n-provider';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/**
 * An email's subject and addresses in one small line above its text; the full addresses in the
 * tooltip. Everything is React text: nothing of a mail is ever rendered as HTML.
 */
export function EmailHeaderLine({ m }: { m: Message }) {
  const t = useT();
  const subject = str(m.meta.subject);
  const from = str(m.meta.from);
  if (!from || m.kind === 'event') return null;
  const fromName = str(m.meta.fromName);
  const to = strs(m.meta.to).join(', ');
  const cc = strs(m.meta.cc).join(', ');
  const detail = [`${t('conv.email.from')}: ${fromName ? `${fromName} <${from}>` : from}`, `${t('conv.email.to')}: ${to}`, ...(cc ? [`${t('conv.email.cc')}: ${cc}`] : [])].join('\n');
  return (
    <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{detail}</span>}>
      <div
        data-testid="message-email"
        style={{ fontSize: 12, color: 'rgba(0, 0, 0, 0.55)', marginBottom: 4, maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
      >
        <MailOutlined style={{ marginInlineEnd: 4 }} />
        <span style={{ fontWeight: 500, color: 'rgba(0, 0, 0, 0.75)' }} data-testid="message-email-subject">
          {subject || t('conv.email.noSubject')}
        </span>
        <span style={{ marginInlineStart: 8 }}>
          {from} → {to}
        </span>
      </div>
    </Tooltip>
  );
}

/** Under an agent's email reply: on its way, retrying, or not delivered (with the reason). */
export function EmailDeliveryState({ m }: { m: Message }) {
  const t = useT();
  const delivery = str(m.meta.delivery);
  if (delivery !== 'sending' && delivery !== 'retrying' && delivery !== 'failed') return null;
  const error = str(m.meta.deliveryError);
  const failed = delivery !== 'sending';
  const label = (
    <Typography.Text type={failed ? 'danger' : 'secondary'} style={{ fontSize: 11 }} data-testid="message-email-delivery" data-delivery={delivery}>
      {failed ? <ExclamationCircleOutlined style={{ marginInlineEnd: 4 }} /> : <LoadingOutlined style={{ marginInlineEnd: 4 }} />}
      {t(`conv.email.delivery.${delivery}`)}
    </Typography.Text>
  );
  return <div style={{ textAlign: 'end', marginTop: 2 }}>{error ? <Tooltip title={error}>{label}</Tooltip> : label}</div>;
}

/** The text of an email channel event in the reader's language, or null for other events. */
export function emailEventText(m: Message, t: Translate): string | null {
  if (m.meta.event !== 'email.delivery_failed') return null;
  return t('conv.email.deliveryFailedEvent', { to: str(m.meta.to) || '—', error: str(m.meta.error) });
}
