import { Alert, Button, Divider, Drawer, Flex, Form, Input, Radio, Select, Switch, Typography, type FormInstance, type FormRule } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../app/api-client';
import { requiredRule, selectRequiredRule } from '../../app/form-rules';
import { useT, type Translate } from '../../app/i18n-provider';
import { useErrorText, useShowError } from '../../app/use-api-error';
import type { Locale, MessageKey } from '../../i18n/messages';
import { TIERS } from '../conversations/list-filters';
import { LabelsInput, ProductSelect, TreeSelectInput } from './pickers';
import { LANGUAGES, PRIORITIES, ROUTING_CHANNELS, TARGET_KINDS, routingApi, type RoutingChannel, type RoutingRule, type RuleActions, type RuleConditions, type RuleInput, type TargetKind } from './routing-api';
import { tierLabel } from './rule-summary';
import type { RoutingOptions } from './use-routing-options';

/** A rule without a target only sets priority and labels: the conversation then goes to the fallback team. */
type TargetChoice = TargetKind | 'fallback';
const TARGET_CHOICES: readonly TargetChoice[] = [...TARGET_KINDS, 'fallback'];

type Values = {
  name: string;
  enabled: boolean;
  productIds: string[];
  productGroupIds: string[];
  urlContains: string[];
  channels: RoutingChannel[];
  tiers: string[];
  tags: string[];
  keywords: string[];
  businessHours: 'any' | 'open' | 'closed';
  languages: Locale[];
  targetKind: TargetChoice;
  teamId?: string | null;
  waitTeamId?: string | null;
  priority: number;
  labelIds: string[];
};

const LIST_FIELDS = ['productIds', 'productGroupIds', 'urlContains', 'channels', 'tiers', 'tags', 'keywords', 'languages'] as const;

function toValues(rule: RoutingRule | null): Values {
  const c = rule?.conditions ?? {};
  const target = rule?.actions.target;
  return {
    name: rule?.name ?? '',
    enabled: rule?.enabled ?? true,
    productIds: c.productIds ?? [],
    productGroupIds: c.productGroupIds ?? [],
    urlContains: c.urlContains ?? [],
    channels: c.channels ?? [],
    tiers: c.tiers ?? [],
    tags: c.tags ?? [],
    keywords: c.keywords ?? [],
    businessHours: c.businessHours ?? 'any',
    languages: c.languages ?? [],
    targetKind: rule ? (target?.kind ?? 'fallback') : 'team',
    teamId: target?.kind === 'team' ? target.teamId : null,
    waitTeamId: target?.kind === 'dedicated' ? (target.teamId ?? null) : null,
    priority: rule?.actions.priority ?? 1,
    labelIds: rule?.actions.labelIds ?? [],
  };
}

function toInput(v: Values): RuleInput {
  const conditions: RuleConditions = {};
  for (const key of LIST_FIELDS) {
    const list = (v[key] as string[]).map((s) => s.trim()).filter(Boolean);
    if (list.length > 0) (conditions as Record<string, string[]>)[key] = [...new Set(list)];
  }
  if (v.businessHours !== 'any') conditions.businessHours = v.businessHours;
  const target: RuleActions['target'] =
    v.targetKind === 'fallback'
      ? undefined
      : v.targetKind === 'team'
      ? { kind: 'team', teamId: v.teamId! }
      : v.targetKind === 'dedicated'
        ? v.waitTeamId
          ? { kind: 'dedicated', teamId: v.waitTeamId }
          : { kind: 'dedicated' }
        : { kind: v.targetKind };
  return { name: v.name.trim(), enabled: v.enabled, conditions, actions: { ...(target ? { target } : {}), priority: v.priority, labelIds: v.labelIds } };
}

/** The form field a server error names: "conditions.keywords.3" → keywords, "actions.target.teamId" → teamId. */
function formFieldOf(serverField: string, form: FormInstance<Values>): keyof Values | undefined {
  const [head, second, third] = serverField.split('.');
  if (head === 'name' || head === 'enabled') return head;
  if (head === 'conditions' && second) return (LIST_FIELDS as readonly string[]).includes(second) || second === 'businessHours' ? (second as keyof Values) : undefined;
  if (head === 'actions' && second === 'target') {
    if (third === 'teamId') return form.getFieldValue('targetKind') === 'dedicated' ? 'waitTeamId' : 'teamId';
    return form.getFieldValue('targetKind') === 'team' ? 'teamId' : 'targetKind';
  }
  if (head === 'actions' && (second === 'priority' || second === 'labelIds')) return second;
  if (head === 'actions') return 'targetKind';
  return undefined;
}

/** The server's limits on a list condition, checked here first so the message is plain. */
function listRule(t: Translate, maxItems: number, maxLength: number): FormRule {
  return {
    validator: (_, value: string[] | undefined) => {
      const list = value ?? [];
      if (list.length > maxItems) return Promise.reject(new Error(t('routing.editor.tooMany', { max: maxItems })));
      const long = list.find((v) => v.trim().length > maxLength);
      return long ? Promise.reject(new Error(t('routing.editor.tooLong', { value: long.length > 12 ? `${long.slice(0, 12)}…` : long, max: maxLength }))) : Promise.resolve();
    },
  };
}

type Props = {
  /** undefined: closed; null: a new rule. */
  editing: RoutingRule | null | undefined;
  options: RoutingOptions;
  onClose: () => void;
  onSaved: (rule: RoutingRule, created: boolean) => void;
};

/** Adds or changes one rule: when it applies (every condition filled in must hold) and what it does. */
export function RuleDrawer({ editing, options, onClose, onSaved }: Props) {
  const t = useT();
  const showError = useShowError();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const open = editing !== undefined;
  const targetKind = Form.useWatch('targetKind', form);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(toValues(editing));
    }
  }, [open, editing, form]);

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch (err) {
      const first = (err as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center' });
      return;
    }
    setSaving(true);
    try {
      const input = toInput(values);
      const rule = editing ? await routingApi.updateRule(editing.id, input) : await routingApi.createRule(input);
      onSaved(rule, !editing);
    } catch (err) {
      const field = err instanceof ApiError && err.field ? formFieldOf(err.field, form) : undefined;
      if (field) {
        form.setFields([{ name: field, errors: [errorText(err)] }]);
        form.scrollToField(field, { block: 'center' });
      } else showError(err);
    } finally {
      setSaving(false);
    }
  };

  const tags = (placeholder: MessageKey) => ({ mode: 'tags' as const, open: false, suffixIcon: null, tokenSeparators: [',', '，', '、', '\n'], placeholder: t(placeholder), style: { width: '100%' } });

  return (
    <Drawer
      open={open}
      title={t(editing ? 'routing.editor.editTitle' : 'routing.editor.createTitle')}
      size={600}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="rule-save">
            {t('routing.editor.save')}
          </Button>
        </Flex>
      }
      data-testid="rule-drawer"
    >
      <Form form={form} layout="vertical" requiredMark={false} initialValues={toValues(null)} onFinish={() => void submit()} name="routing-rule">
        <Flex gap={16} align="flex-start">
          <Form.Item name="name" label={t('routing.editor.name')} rules={[requiredRule(t, t('routing.editor.name')), { max: 60 }]} style={{ flex: 1 }}>
            <Input maxLength={60} placeholder={t('routing.editor.namePlaceholder')} data-testid="rule-name" />
          </Form.Item>
          <Form.Item name="enabled" label={t('routing.editor.enabled')} valuePropName="checked">
            <Switch data-testid="rule-enabled" />
          </Form.Item>
        </Flex>
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          {t('routing.editor.conditions')}
        </Divider>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -8 }}>
          {t('routing.editor.conditionsHint')}
        </Typography.Paragraph>
        <Form.Item name="productIds" label={t('routing.cond.products')} extra={t('routing.cond.productsHint')}>
          <ProductSelect options={options} multiple placeholder={t('routing.cond.productsPlaceholder')} data-testid="rule-products" />
        </Form.Item>
        <Form.Item name="productGroupIds" label={t('routing.cond.groups')} extra={t('routing.cond.groupsHint')}>
          <TreeSelectInput options={options.groupOptions} multiple placeholder={t('routing.cond.any')} data-testid="rule-groups" />
        </Form.Item>
        <Form.Item name="urlContains" rules={[listRule(t, 20, 200)]} label={t('routing.cond.url')} extra={t('routing.cond.urlHint')}>
          <Select {...tags('routing.cond.urlPlaceholder')} data-testid="rule-url" />
        </Form.Item>
        <Flex gap={16}>
          <Form.Item name="channels" label={t('routing.cond.channels')} style={{ flex: 1, minWidth: 0 }}>
            <Select mode="multiple" placeholder={t('routing.cond.any')} options={ROUTING_CHANNELS.map((c) => ({ value: c, label: t(`routing.channel.${c}` as MessageKey) }))} data-testid="rule-channels" />
          </Form.Item>
          <Form.Item name="tiers" label={t('routing.cond.tiers')} style={{ flex: 1, minWidth: 0 }}>
            <Select mode="multiple" placeholder={t('routing.cond.any')} options={TIERS.map((tier) => ({ value: tier, label: tierLabel(t, tier) }))} data-testid="rule-tiers" />
          </Form.Item>
        </Flex>
        <Form.Item name="tags" rules={[listRule(t, 20, 40)]} label={t('routing.cond.tags')} extra={t('routing.cond.tagsHint')}>
          <Select {...tags('routing.cond.tagsPlaceholder')} data-testid="rule-tags" />
        </Form.Item>
        <Form.Item name="keywords" rules={[listRule(t, 50, 40)]} label={t('routing.cond.keywords')} extra={t('routing.cond.keywordsHint')}>
          <Select {...tags('routing.cond.keywordsPlaceholder')} data-testid="rule-keywords" />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="businessHours" label={t('routing.cond.hours')} extra={t('routing.cond.hoursHint')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'any', label: t('routing.cond.hoursAny') },
                { value: 'open', label: t('routing.cond.hoursOpen') },
                { value: 'closed', label: t('routing.cond.hoursClosed') },
              ]}
              data-testid="rule-hours"
            />
          </Form.Item>
          <Form.Item name="languages" label={t('routing.cond.languages')} style={{ flex: 1, minWidth: 160 }}>
            <Select mode="multiple" placeholder={t('routing.cond.any')} options={LANGUAGES.map((l) => ({ value: l, label: t(`routing.lang.${l}` as MessageKey) }))} data-testid="rule-languages" />
          </Form.Item>
        </Flex>

        <Divider titlePlacement="start">{t('routing.editor.actions')}</Divider>
        <Form.Item name="targetKind" label={t('routing.action.target')}>
          <Radio.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }} data-testid="rule-target">
            {TARGET_CHOICES.map((kind) => (
              <Radio key={kind} value={kind} data-testid={`rule-target-${kind}`}>
                {t(`routing.target.${kind}` as MessageKey)}
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                  {t(`routing.target.${kind}.hint` as MessageKey)}
                </Typography.Text>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        {targetKind && targetKind !== 'team' && targetKind !== 'fallback' && <Alert type="info" showIcon title={t('routing.action.onlineOnly')} style={{ marginBottom: 16 }} data-testid="rule-online-only" />}
        {targetKind === 'team' && (
          <Form.Item name="teamId" label={t('routing.action.team')} rules={[selectRequiredRule(t, t('routing.action.team'))]}>
            <TreeSelectInput options={options.teamOptions} placeholder={t('routing.action.teamPlaceholder')} data-testid="rule-team" />
          </Form.Item>
        )}
        {targetKind === 'dedicated' && (
          <Form.Item name="waitTeamId" label={t('routing.action.waitTeam')} extra={t('routing.action.waitTeamHint')}>
            <TreeSelectInput options={options.teamOptions} allowClear placeholder={t('routing.action.waitTeamPlaceholder')} data-testid="rule-wait-team" />
          </Form.Item>
        )}
        <Form.Item name="priority" label={t('routing.action.priority')} extra={t('routing.action.priorityHint')}>
          <Radio.Group optionType="button" options={PRIORITIES.map((p) => ({ value: p, label: t(`routing.priority.${p}` as MessageKey) }))} data-testid="rule-priority" />
        </Form.Item>
        <Form.Item name="labelIds" label={t('routing.action.labels')} extra={t('routing.action.labelsHint')}>
          <LabelsInput labels={options.labels} placeholder={t('routing.action.labelsPlaceholder')} data-testid="rule-labels" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
