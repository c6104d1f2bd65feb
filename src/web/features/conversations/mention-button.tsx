import { Badge, Button, Input, List, Popover, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useT } from '../../app/i18n-provider';
import type { Colleague } from './colleagues';

/** "@ 提及": picks a colleague and puts @name in the note; they are told when the note is added. */
export function MentionButton({ colleagues, disabled, onPick }: { colleagues: Colleague[]; disabled: boolean; onPick: (name: string) => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = q ? colleagues.filter((c) => c.name.toLowerCase().includes(q) || (c.nickname ?? '').toLowerCase().includes(q)) : colleagues;
    return [...list].sort((a, b) => Number(b.online) - Number(a.online));
  }, [colleagues, query]);
  const pick = (c: Colleague) => {
    setOpen(false);
    setQuery('');
    onPick(c.name);
  };
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="topRight"
      destroyOnHidden
      content={
        <div style={{ width: 240 }} data-testid="mention-picker">
          <Input size="small" autoFocus allowClear placeholder={t('conv.mention.search')} value={query} onChange={(e) => setQuery(e.target.value)} onPressEnter={() => shown[0] && pick(shown[0])} />
          <List
            size="small"
            style={{ maxHeight: 240, overflow: 'auto', marginTop: 4 }}
            dataSource={shown}
            locale={{ emptyText: t('conv.mention.none') }}
            renderItem={(c) => (
              <List.Item style={{ cursor: 'pointer', padding: '4px 8px' }} onClick={() => pick(c)} data-testid="mention-option">
                <Badge status={c.online ? 'success' : 'default'} />
                <Typography.Text style={{ marginInlineStart: 6 }}>{c.name}</Typography.Text>
                {c.nickname && <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>（{c.nickname}）</Typography.Text>}
              </List.Item>
            )}
          />
        </div>
      }
    >
      <Button type="text" size="small" disabled={disabled} data-testid="mention-open" aria-label={t('conv.mention.open')}>
        @ {t('conv.mention.open')}
      </Button>
    </Popover>
  );
}
