import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Progress, Select, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useAuth } from '../../app/auth-provider';
import { useT, type Translate } from '../../app/i18n-provider';
import { LoadError } from '../../app/result-pages';
import { useErrorText, useShowError } from '../../app/use-api-error';
import type { MessageKey } from '../../i18n/messages';
import { isRunning, loyaltyApi, TIER_COLORS, type Reevaluation, type Tier, type TierInput } from './loyalty-api';
import { useReevaluation } from './use-reevaluation';
import { forgetTierCatalog } from './tier-badge';

type FormTier = Omit<TierInput, 'minSpend'> & { minSpend: number | null };
type FormValues = { tiers: FormTier[] };

const toForm = (t: Tier): FormTier => ({ ...t, minSpend: t.minSpend === null ? null : Number(t.minSpend) });
/** Only the fields the API takes (the form also holds the rank it was loaded with). */
const toInput = (t: FormTier): TierInput => ({
  key: t.key,
  nameZh: t.nameZh,
  nameEn: t.nameEn,
  color: t.color ?? 'default',
  spendBasis: t.spendBasis ?? 'lifetime',
  minSpend: t.minSpend === null || t.minSpend === undefined ? null : t.minSpend.toFixed(2),
  minOrders: t.minOrders ?? null,
  match: t.match ?? 'any',
  discountRate: t.discountRate,
  pointsMultiplier: t.pointsMultiplier,
  privileges: t.privileges ?? '',
  downgradePolicy: t.downgradePolicy ?? 'never',
});

/** "累计消费 ≥ ¥1,000 或 订单 ≥ 3 笔": a tier's thresholds, said plainly. */
export function thresholdSummary(t: Translate, tier: Pick<Tier, 'spendBasis' | 'minSpend' | 'minOrders' | 'match'>): string {
  const basis = t(`loyalty.tiers.basis.${tier.spendBasis}` as MessageKey);
  const parts: string[] = [];
  if (tier.minSpend !== null) parts.push(t('loyalty.tiers.summary.spend', { basis, amount: Number(tier.minSpend).toLocaleString() }));
  if (tier.minOrders !== null) parts.push(t('loyalty.tiers.summary.orders', { basis, count: tier.minOrders }));
  if (parts.length === 0) return t('loyalty.tiers.summary.none');
  return t(tier.match === 'all' ? 'loyalty.tiers.summary.all' : 'loyalty.tiers.summary.any', { parts: parts.join(' / ') });
}

/** Where the last re-evaluation of customers stands: a progress bar while it runs. */
function ReevaluationStatus({ reevaluation }: { reevaluation: Reevaluation | null }) {
  const t = useT();
  if (!reevaluation) return null;
  if (isRunning(reevaluation)) {
    const percent = reevaluation.total ? Math.floor((reevaluation.done / reevaluation.total) * 100) : 0;
    return (
      <Card size="small" style={{ marginBottom: 16 }} data-testid="loyalty-reevaluation">
        <Typography.Text>{reevaluation.state === 'queued' ? t('loyalty.reeval.queued') : t('loyalty.reeval.running', { done: reevaluation.done, total: reevaluation.total })}</Typography.Text>
        <Progress percent={percent} status="active" />
      </Card>
    );
  }
  if (reevaluation.state === 'failed') return <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('loyalty.reeval.failed')} />;
  return <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('loyalty.reeval.done', { total: reevaluation.total, moved: reevaluation.moved ?? 0 })} data-testid="loyalty-reevaluation" />;
}

function TierRow({ index, remove, editable }: { index: number; remove: () => void; editable: boolean }) {
  const t = useT();
  const base = index === 0;
  return (
    <Card size="small" style={{ marginBottom: 12 }} title={base ? <Tag>{t('loyalty.tiers.base')}</Tag> : `#${index + 1}`} extra={editable && !base && <Button type="text" danger icon={<DeleteOutlined />} onClick={remove} aria-label={t('loyalty.tiers.remove')} />}>
      <Flex wrap gap={12}>
        <Form.Item name={[index, 'key']} label={t('loyalty.tiers.key')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,31}$/, message: t('loyalty.tiers.keyRule') }]}>
          <Input style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name={[index, 'nameZh']} label={t('loyalty.tiers.nameZh')} rules={[{ required: true, max: 20 }]}>
          <Input style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name={[index, 'nameEn']} label={t('loyalty.tiers.nameEn')} rules={[{ required: true, max: 40 }]}>
          <Input style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name={[index, 'color']} label={t('loyalty.tiers.color')}>
          <Select style={{ width: 120 }} options={TIER_COLORS.map((c) => ({ value: c, label: <Tag color={c}>{c}</Tag> }))} />
        </Form.Item>
        {!base && (
          <>
            <Form.Item name={[index, 'spendBasis']} label={t('loyalty.tiers.spendBasis')}>
              <Select style={{ width: 120 }} options={(['lifetime', 'last_12_months'] as const).map((b) => ({ value: b, label: t(`loyalty.tiers.basis.${b}`) }))} />
            </Form.Item>
            <Form.Item name={[index, 'minSpend']} label={t('loyalty.tiers.minSpend')}>
              <InputNumber min={0} precision={2} style={{ width: 130 }} />
            </Form.Item>
            <Form.Item name={[index, 'minOrders']} label={t('loyalty.tiers.minOrders')}>
              <InputNumber min={0} precision={0} style={{ width: 100 }} />
            </Form.Item>
            <Form.Item name={[index, 'match']} label={t('loyalty.tiers.match')}>
              <Select style={{ width: 110 }} options={(['any', 'all'] as const).map((m) => ({ value: m, label: t(`loyalty.tiers.match.${m}`) }))} />
            </Form.Item>
          </>
        )}
        <Form.Item name={[index, 'discountRate']} label={t('loyalty.tiers.discountRate')} tooltip={t('loyalty.tiers.discountHint')} rules={[{ required: true }]}>
          <InputNumber min={0.01} max={1} step={0.01} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name={[index, 'pointsMultiplier']} label={t('loyalty.tiers.multiplier')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100} step={0.1} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name={[index, 'downgradePolicy']} label={t('loyalty.tiers.downgrade')}>
          <Select style={{ width: 140 }} options={(['never', 'yearly'] as const).map((p) => ({ value: p, label: t(`loyalty.tiers.downgrade.${p}`) }))} />
        </Form.Item>
        <Form.Item name={[index, 'privileges']} label={t('loyalty.tiers.privileges')} style={{ flex: 1, minWidth: 200 }}>
          <Input maxLength={500} />
        </Form.Item>
      </Flex>
    </Card>
  );
}

const NEW_TIER: FormTier = { key: '', nameZh: '', nameEn: '', color: 'default', spendBasis: 'lifetime', minSpend: null, minOrders: null, match: 'any', discountRate: 1, pointsMultiplier: 1, privileges: '', downgradePolicy: 'never' };

/** The tiers, lowest first, edited as a whole; saving starts the re-evaluation of every customer. */
export function TiersTab() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useAuth();
  const editable = can('loyalty.manage');
  const showError = useShowError();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const { tiers, reevaluation, setReevaluation } = useReevaluation();

  useEffect(() => {
    if (tiers.data) form.setFieldsValue({ tiers: tiers.data.items.map(toForm) });
  }, [tiers.data, form]);

  if (tiers.error && !tiers.data) return <LoadError message={errorText(tiers.error)} onRetry={tiers.reload} />;
  if (!tiers.data) return <Spin />;

  const save = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const saved = await loyaltyApi.saveTiers(values.tiers.map(toInput));
      tiers.setData(() => saved);
      forgetTierCatalog(saved.items);
      setReevaluation(saved.reevaluation);
      message.success(t('loyalty.tiers.saved'));
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="loyalty-tiers">
      <Typography.Paragraph type="secondary">{t('loyalty.tiers.hint')}</Typography.Paragraph>
      <ReevaluationStatus reevaluation={reevaluation} />
      <Form form={form} layout="vertical" disabled={!editable} requiredMark={false}>
        <Form.List name="tiers">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <TierRow key={field.key} index={field.name} remove={() => remove(field.name)} editable={editable} />
              ))}
              {editable && (
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => add({ ...NEW_TIER })} disabled={fields.length >= 10}>
                    {t('loyalty.tiers.add')}
                  </Button>
                  <Button type="primary" loading={saving} onClick={save} disabled={isRunning(reevaluation) && saving} data-testid="loyalty-tiers-save">
                    {t('loyalty.tiers.save')}
                  </Button>
                </Space>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </div>
  );
}
