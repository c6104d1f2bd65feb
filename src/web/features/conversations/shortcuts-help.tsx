import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Flex, Popover, Tooltip, Typography } from 'antd';
import type { MessageKey } from '../../i18n/messages';
import { useT } from '../../app/i18n-provider';
import { isMac } from './conversation-format';

const MOD = isMac ? '⌘' : 'Ctrl';

const SHORTCUTS: { keys: string[][]; label: MessageKey }[] = [
  { keys: [['Enter'], [MOD, 'Enter']], label: 'conv.shortcuts.send' },
  { keys: [['Shift', 'Enter']], label: 'conv.shortcuts.newline' },
  { keys: [['Alt', '↑'], ['Alt', '↓']], label: 'conv.shortcuts.prevNext' },
  { keys: [['/']], label: 'conv.shortcuts.quickReply' },
  { keys: [['Esc']], label: 'conv.shortcuts.blur' },
  { keys: [[MOD, 'K']], label: 'conv.shortcuts.search' },
  { keys: [['Alt', 'P']], label: 'conv.shortcuts.pending' },
  { keys: [['Alt', 'Z']], label: 'conv.shortcuts.snooze' },
];

function Keys({ combo }: { combo: string[] }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {combo.map((key, i) => (
        <span key={key}>
          {i > 0 && <span style={{ margin: '0 2px', color: 'rgba(0,0,0,0.45)' }}>+</span>}
          <Typography.Text keyboard style={{ marginInline: 0 }}>
            {key}
          </Typography.Text>
        </span>
      ))}
    </span>
  );
}

/** The keyboard shortcuts of the workspace, one click away (never a modal in the way). */
export function ShortcutsHelp() {
  const t = useT();
  const content = (
    <Flex vertical gap={10} style={{ minWidth: 260 }} data-testid="shortcuts-help">
      {SHORTCUTS.map((s) => (
        <Flex key={s.label} justify="space-between" align="center" gap={16}>
          <Typography.Text>{t(s.label)}</Typography.Text>
          <Flex gap={6} align="center">
            {s.keys.map((combo, i) => (
              <span key={combo.join('+')}>
                {i > 0 && (
                  <Typography.Text type="secondary" style={{ marginInlineEnd: 6 }}>
                    {s.label === 'conv.shortcuts.prevNext' ? '/' : t('conv.shortcuts.or')}
                  </Typography.Text>
                )}
                <Keys combo={combo} />
              </span>
            ))}
          </Flex>
        </Flex>
      ))}
    </Flex>
  );
  return (
    <Popover content={content} title={t('conv.shortcuts.title')} trigger="click" placement="bottomLeft">
      <Tooltip title={t('conv.shortcuts.title')}>
        <Button type="text" size="small" icon={<QuestionCircleOutlined />} aria-label={t('conv.shortcuts.title')} data-testid="shortcuts-open" />
      </Tooltip>
    </Popover>
  );
}
