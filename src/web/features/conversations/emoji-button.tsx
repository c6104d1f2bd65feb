import { SmileOutlined } from '@ant-design/icons';
import { Button, Popover, Tooltip } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n-provider';

/** The same small set the shopper's widget offers: what shop chats use most, no images to load. */
const EMOJI = [
  '😀', '😁', '😂', '🤣', '😊', '😍', '😘', '🥰', '😎', '🤔', '😅', '😭',
  '😢', '😡', '😱', '😳', '🙄', '😴', '🤗', '😷', '👍', '👎', '👏', '🙏',
  '💪', '👌', '✌️', '🤝', '👀', '❤️', '💔', '🎉', '🎁', '🌹', '🔥', '⭐',
  '✨', '💯', '✅', '❌', '❓', '❗', '💄', '🛍️', '📦', '🚚', '💰', '🧴',
];

/** 表情: a grid of emoji; a click puts one at the cursor and keeps the picker open for another. */
export function EmojiButton({ disabled, onPick }: { disabled: boolean; onPick: (emoji: string) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="topRight"
      content={
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(8, 32px)', gap: 2 }} data-testid="emoji-picker">
          {EMOJI.map((e) => (
            <button
              key={e}
              type="button"
              onMouseDown={(ev) => ev.preventDefault()}
              onClick={() => onPick(e)}
              style={{ width: 32, height: 32, fontSize: 20, lineHeight: '32px', border: 0, background: 'transparent', cursor: 'pointer', borderRadius: 6 }}
              className="sd-emoji"
              aria-label={e}
            >
              {e}
            </button>
          ))}
        </div>
      }
    >
      <Tooltip title={t('conv.emoji')}>
        <Button type="text" size="small" icon={<SmileOutlined />} disabled={disabled} aria-label={t('conv.emoji')} data-testid="emoji-open" onMouseDown={(e) => e.preventDefault()} />
      </Tooltip>
    </Popover>
  );
}
