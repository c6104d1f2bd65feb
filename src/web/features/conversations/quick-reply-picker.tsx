import { Empty, Input, Spin, Tag, Typography, theme } from 'antd';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { QuickReply } from '../../app/api-types';
import { useT } from '../../app/i18n-provider';
import type { MessageKey } from '../../i18n/messages';
import { readableBody } from '../quick-replies/quick-replies-api';

type Props = {
  items: QuickReply[];
  active: number;
  loading: boolean;
  onActive: (index: number) => void;
  onPick: (reply: QuickReply) => void;
  /** Opened by the button there is no slash to type after: the picker has its own search box. */
  search?: { value: string; onChange: (value: string) => void; onKeyDown: (e: KeyboardEvent<HTMLInputElement>) => void; onBlur: () => void };
};

/** The list of quick replies under the slash: shortcut, title and the start of the text. */
export function QuickReplyPicker({ items, active, loading, onActive, onPick, search }: Props) {
  const t = useT();
  const { token } = theme.useToken();
  const list = useRef<HTMLDivElement>(null);

  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  return (
    <div className="sd-qr-picker" data-testid="quick-reply-picker">
      {search && (
        <Input
          size="small"
          autoFocus
          allowClear
          value={search.value}
          onChange={(e) => search.onChange(e.target.value)}
          onKeyDown={search.onKeyDown}
          onBlur={search.onBlur}
          placeholder={t('qr.searchPlaceholder')}
          prefix={<span style={{ color: token.colorTextTertiary }}>/</span>}
          style={{ marginBottom: 4 }}
          data-testid="quick-reply-search"
        />
      )}
      <div ref={list} className="sd-qr-list" role="listbox" aria-label={t('qr.open')}>
        {items.length === 0 ? (
          loading ? (
            <Spin size="small" style={{ display: 'block', margin: '16px auto' }} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('qr.pickerEmpty')} style={{ margin: '8px 0' }} />
          )
        ) : (
          items.map((reply, index) => (
            <div
              key={reply.id}
              role="option"
              aria-selected={index === active}
              data-index={index}
              className={`sd-qr-item${index === active ? ' is-active' : ''}`}
              style={index === active ? { background: token.controlItemBgActive } : undefined}
              // Keep the cursor in the reply box: a click must not blur it first.
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => onActive(index)}
              onClick={() => onPick(reply)}
              data-testid={`quick-reply-option-${reply.shortcut}`}
            >
              <div className="sd-qr-item-head">
                <Typography.Text code style={{ flex: 'none' }}>
                  /{reply.shortcut}
                </Typography.Text>
                <Typography.Text strong ellipsis style={{ minWidth: 0 }}>
                  {reply.title}
                </Typography.Text>
                <span style={{ flex: 1 }} />
                {reply.step && (
                  <Tag bordered={false} style={{ marginInlineEnd: 0, flex: 'none' }}>
                    {t(`qr.step.${reply.step}` as MessageKey)}
                  </Tag>
                )}
                {reply.scope === 'personal' && (
                  <Tag bordered={false} color="blue" style={{ marginInlineEnd: 0, flex: 'none' }}>
                    {t('qr.tab.personal')}
                  </Tag>
                )}
              </div>
              <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
                {readableBody(t, reply.body)}
              </Typography.Text>
            </div>
          ))
        )}
      </div>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 11, padding: '4px 8px 0', borderTop: `1px solid ${token.colorSplit}` }}>
        {t('qr.pickerHint')}
      </Typography.Text>
    </div>
  );
}
