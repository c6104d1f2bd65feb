import { App, Button, Card, Flex, Form, Input, InputNumber, List, Modal, Select, Skeleton, Statistic, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useAuth } from '../../app/auth-provider';
import { formatDateTimeShort } from '../../app/format';
import { useT } from '../../app/i18n-provider';
import { useErrorText, useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { loyaltyApi, type PointsEntry } from './loyalty-api';
import { TierBadge } from './tier-badge';

type Change = 'adjust' | 'redeem';

function ChangeModal({ customerId, change, onClose, onDone }: { customerId: string; change: Change; onClose: () => void; onDone: (balance: number) => void }) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm<{ delta?: number; reason?: string; giftId?: string }>();
  const [saving, setSaving] = useState(false);
  const gifts = useRequest((signal) => loyaltyApi.gifts(signal), [], change === 'redeem');
  const save = async () => {
    let v: { delta?: number; reason?: string; giftId?: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const res = change === 'adjust' ? await loyaltyApi.adjust(customerId, v.delta!, v.reason!) : await loyaltyApi.redeem(customerId, v.giftId!);
      onDone(res.balance);
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t(change === 'adjust' ? 'loyalty.card.adjust' : 'loyalty.card.redeem')} onCancel={onClose} onOk={save} confirmLoading={saving} destroyOnHidden>
      <Form form={form} layout="vertical">
        {change === 'adjust' ? (
          <>
            <Form.Item name="delta" label={t('loyalty.card.delta')} extra={t('loyalty.card.deltaHint')} rules={[{ required: true }, { validator: (_, v) => (v === 0 ? Promise.reject(new Error(t('loyalty.card.deltaHint'))) : Promise.resolve()) }]}>
              <InputNumber precision={0} min={-100_000_000} max={100_000_000} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="reason" label={t('loyalty.card.reason')} rules={[{ required: true, whitespace: true, max: 200 }]}>
              <Input />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="giftId" label={t('loyalty.card.gift')} rules={[{ required: true }]}>
            <Select
              loading={gifts.loading}
              options={(gifts.data?.items ?? []).filter((g) => g.active).map((g) => ({ value: g.id, label: `${g.name} · ${g.pointsCost}`, disabled: g.stock === 0 }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function EntryRow({ entry }: { entry: PointsEntry }) {
  const t = useT();
  const positive = entry.amount > 0;
  return (
    <List.Item style={{ paddingBlock: 6 }} data-testid="loyalty-entry" data-kind={entry.kind}>
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text>{t(`loyalty.entry.${entry.kind}`)}{entry.reason ? ` · ${entry.reason}` : ''}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTimeShort(entry.createdAt)}
          {positive && entry.expiresAt && entry.remaining ? ` · ${t('loyalty.card.expires', { date: formatDateTimeShort(entry.expiresAt) })}` : ''}
        </Typography.Text>
      </Flex>
      <Typography.Text type={positive ? 'success' : 'secondary'} strong>
        {positive ? `+${entry.amount}` : entry.amount}
      </Typography.Text>
    </List.Item>
  );
}

/**
 * The customer's membership and points, for the customer page: the tier badge with its discount and
 * privileges, the points balance, the ledger newest first, and (for those allowed) adjust and redeem.
 */
export function CustomerLoyaltyCard({ customerId }: { customerId: string }) {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useAuth();
  const errorText = useErrorText();
  const tiers = useRequest((signal) => loyaltyApi.tiers(signal), []);
  const points = useRequest((signal) => loyaltyApi.customerPoints(customerId, undefined, signal), [customerId]);
  const [more, setMore] = useState<{ items: PointsEntry[]; cursor: string | null }>({ items: [], cursor: null });
  const [change, setChange] = useState<Change | null>(null);

  useEffect(() => {
    setMore({ items: [], cursor: points.data?.nextCursor ?? null });
  }, [points.data]);

  const loadMore = async () => {
    if (!more.cursor) return;
    try {
      const page = await loyaltyApi.customerPoints(customerId, more.cursor);
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor }));
    } catch (err) {
      message.error(errorText(err));
    }
  };

  const data = points.data;
  const tier = tiers.data?.items.find((x) => x.key === data?.tier);
  return (
    <Card size="small" title={t('loyalty.card.title')} data-testid="customer-loyalty-card">
      {!data ? (
        points.error ? <Typography.Text type="danger">{errorText(points.error)}</Typography.Text> : <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <>
          <Flex justify="space-between" align="flex-start" gap={12}>
            <Flex vertical align="flex-start" gap={4}>
              <TierBadge tier={data.tier} testId="loyalty-tier-badge" />
              {tier && tier.discountRate < 1 && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('loyalty.card.discount', { zhe: +(tier.discountRate * 10).toFixed(2), percent: +(tier.discountRate * 100).toFixed(1) })}
                </Typography.Text>
              )}
              {tier?.privileges && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{tier.privileges}</Typography.Text>}
            </Flex>
            <Statistic title={t('loyalty.card.balance')} value={data.balance} data-testid="loyalty-balance" styles={{ content: { fontSize: 20 } }} />
          </Flex>
          <Flex gap={8} style={{ marginBlock: 8 }}>
            {can('customers.manage') && <Button size="small" onClick={() => setChange('redeem')}>{t('loyalty.card.redeem')}</Button>}
            {can('loyalty.manage') && <Button size="small" onClick={() => setChange('adjust')}>{t('loyalty.card.adjust')}</Button>}
          </Flex>
          <Typography.Text strong>{t('loyalty.card.ledger')}</Typography.Text>
          <List size="small" locale={{ emptyText: t('loyalty.card.empty') }} dataSource={[...data.items, ...more.items]} renderItem={(e) => <EntryRow key={e.id} entry={e} />} />
          {more.cursor && <Button type="link" size="small" onClick={loadMore}>{t('loyalty.card.more')}</Button>}
        </>
      )}
      {change && (
        <ChangeModal
          customerId={customerId}
          change={change}
          onClose={() => setChange(null)}
          onDone={(balance) => {
            setChange(null);
            message.success(t('loyalty.card.done', { balance }));
            points.reload();
          }}
        />
      )}
    </Card>
  );
}
