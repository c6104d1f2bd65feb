import { Tag } from 'antd';
import type { Message } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Above a message left through the widget's form (留言): who left it and how to reach them. The
 * server sends the phone or email masked (138****5678) to members who may not see it in full.
 */
export function LeftMessageLine({ m }: { m: Message }) {
  const t = useT();
  const left = (m.meta.leaveMessage ?? null) as Record<string, unknown> | null;
  if (!left || typeof left !== 'object') return null;
  const phone = str(left.phone);
  const email = str(left.email);
  const contact = phone ? t('conv.left.phone', { phone }) : email ? t('conv.left.email', { email }) : '';
  return (
    <div data-testid="message-left-contact" style={{ fontSize: 12, color: 'rgba(0, 0, 0, 0.55)', marginBottom: 4 }}>
      <Tag color="orange" style={{ marginInlineEnd: 6 }}>
        {t('conv.left.tag')}
      </Tag>
      {[str(left.name), contact].filter(Boolean).join(' · ')}
    </div>
  );
}
