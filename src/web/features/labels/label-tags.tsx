import { Tag, Tooltip } from 'antd';
import type { LabelRef } from '../../app/api-types';

/** A label as a small coloured tag: the colour on the border and a light fill, the name in it. */
export function LabelTag({ label, closable, onClose }: { label: LabelRef; closable?: boolean; onClose?: () => void }) {
  return (
    <Tag
      color={label.color}
      bordered={false}
      closable={closable}
      onClose={(e) => {
        e.preventDefault();
        onClose?.();
      }}
      style={{ marginInlineEnd: 4, fontSize: 12, lineHeight: '18px', paddingInline: 6 }}
      data-testid="label-tag"
    >
      {label.name}
    </Tag>
  );
}

/** The labels of a conversation in a row; past `max` the rest is a "+n" with their names on hover. */
export function LabelTags({ labels, max = 3 }: { labels: readonly LabelRef[]; max?: number }) {
  if (labels.length === 0) return null;
  const shown = labels.slice(0, max);
  const rest = labels.slice(max);
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'nowrap', minWidth: 0, overflow: 'hidden' }} data-testid="conversation-labels">
      {shown.map((l) => (
        <LabelTag key={l.id} label={l} />
      ))}
      {rest.length > 0 && (
        <Tooltip title={rest.map((l) => l.name).join('、')}>
          <Tag bordered={false} style={{ marginInlineEnd: 0, fontSize: 12, lineHeight: '18px', paddingInline: 6 }}>
            +{rest.length}
          </Tag>
        </Tooltip>
      )}
    </span>
  );
}
