import { Space, Tag } from 'antd';
import { useT } from '../../app/i18n-provider';
import type { MatchReason } from './customer-merge-api';

const COLORS: Record<MatchReason, string> = { phone: 'volcano', email: 'geekblue', platform: 'orange' };

/** Why two records look like one buyer: 手机号相同, 邮箱相同, 淘宝/天猫账号相同. */
export function ReasonTags({ reasons, sameName }: { reasons: MatchReason[]; sameName?: boolean }) {
  const t = useT();
  return (
    <Space size={4} wrap>
      {reasons.map((r) => (
        <Tag key={r} color={COLORS[r]} data-testid="merge-reason" data-reason={r}>{t(`merge.reason.${r}`)}</Tag>
      ))}
      {sameName && <Tag>{t('merge.sameName')}</Tag>}
    </Space>
  );
}
