import { CheckCircleFilled, CloseCircleFilled, ExperimentOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Flex, Form, Input, Row, Select, Table, Tag, Typography, theme } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import type { Locale, MessageKey } from '../../i18n/messages';
import { TIERS } from '../conversations/list-filters';
import { inboxesApi } from '../inboxes/inboxes-api';
import { LabelTag } from '../labels/label-tags';
import { ProductSelect } from './pickers';
import { LANGUAGES, ROUTING_CHANNELS, routingApi, type AgentStatus, type DryRunCandidate, type DryRunInput, type DryRunResult, type RoutingChannel } from './routing-api';
import { priorityLabel, tierLabel } from './rule-summary';
import type { RoutingOptions } from './use-routing-options';

export type TesterValues = { channel: RoutingChannel; inboxId?: string | null; productId?: string | null; pageUrl?: string; tier?: string | null; tags?: string[]; message?: string; language?: Locale | null; at?: Dayjs | null };

const STATUS_COLORS: Record<AgentStatus, string> = { online: 'green', busy: 'orange', away: 'gold', offline: 'default' };

function toInput(v: TesterValues): DryRunInput {
  const input: DryRunInput = { channel: v.channel };
  if (v.inboxId) input.inboxId = v.inboxId;
  if (v.productId) input.productId = v.productId;
  if (v.pageUrl?.trim()) input.pageUrl = v.pageUrl.trim();
  if (v.tier) input.tier = v.tier;
  const tags = (v.tags ?? []).map((s) => s.trim()).filter(Boolean);
  if (tags.length > 0) input.tags = tags;
  if (v.message?.trim()) input.message = v.message.trim();
  if (v.language) input.language = v.language;
  if (v.at) input.at = v.at.toISOString();
  return input;
}

/** The last test, kept by the page so it is still there after a look at another tab. */
export type LastTest = { values: TesterValues; result: DryRunResult | null };

type Props = { options: RoutingOptions; last: LastTest | null; onChange: (last: LastTest) => void };

/** 测试: a made-up arriving conversation, and what the rules would do with it now — nothing is assigned. */
export function TesterTab({ options, last, onChange }: Props) {
  const t = useT();
  const showError = useShowError();
  const [form] = Form.useForm<TesterValues>();
  const [running, setRunning] = useState(false);
  const inboxes = useRequest((signal) => inboxesApi.list(signal), []);

  const run = async () => {
    let values: TesterValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setRunning(true);
    try {
      onChange({ values, result: await routingApi.test(toInput(values)) });
    } catch (err) {
      showError(err, form);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Row gutter={[24, 16]}>
      <Col xs={24} lg={10}>
        <Typography.Paragraph type="secondary">{t('routing.test.intro')}</Typography.Paragraph>
        <Form form={form} layout="vertical" requiredMark={false} initialValues={last?.values ?? { channel: 'web' }} onFinish={() => void run()} name="routing-test">
          <Flex gap={12}>
            <Form.Item name="channel" label={t('routing.test.channel')} style={{ flex: 1, minWidth: 0 }}>
              <Select options={ROUTING_CHANNELS.map((c) => ({ value: c, label: t(`routing.channel.${c}` as MessageKey) }))} data-testid="test-channel" />
            </Form.Item>
            <Form.Item name="tier" label={t('routing.test.tier')} style={{ flex: 1, minWidth: 0 }}>
              <Select allowClear placeholder={t('routing.test.notGiven')} options={TIERS.map((tier) => ({ value: tier, label: tierLabel(t, tier) }))} data-testid="test-tier" />
            </Form.Item>
            <Form.Item name="language" label={t('routing.test.language')} style={{ flex: 1, minWidth: 0 }}>
              <Select allowClear placeholder={t('routing.test.notGiven')} options={LANGUAGES.map((l) => ({ value: l, label: t(`routing.lang.${l}` as MessageKey) }))} data-testid="test-language" />
            </Form.Item>
          </Flex>
          <Form.Item name="productId" label={t('routing.test.product')}>
            <ProductSelect options={options} allowClear placeholder={t('routing.test.productPlaceholder')} data-testid="test-product" />
          </Form.Item>
          <Form.Item name="pageUrl" label={t('routing.test.pageUrl')}>
            <Input placeholder="https://shop.example.com/visa/japan" data-testid="test-page-url" />
          </Form.Item>
          <Form.Item name="message" label={t('routing.test.message')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={2000} placeholder={t('routing.test.messagePlaceholder')} data-testid="test-message" />
          </Form.Item>
          <Form.Item name="tags" label={t('routing.test.tags')}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、']} placeholder={t('routing.cond.tagsPlaceholder')} data-testid="test-tags" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="inboxId" label={t('routing.test.inbox')} style={{ flex: 1, minWidth: 0 }}>
              <Select
                allowClear
                placeholder={t('routing.test.inboxPlaceholder')}
                options={(inboxes.data ?? []).map((i) => ({ value: i.id, label: i.name }))}
                onChange={(id?: string) => {
                  const inbox = inboxes.data?.find((i) => i.id === id);
                  if (inbox) form.setFieldValue('channel', inbox.channel);
                }}
                data-testid="test-inbox"
              />
            </Form.Item>
            <Form.Item name="at" label={t('routing.test.at')} style={{ flex: 1, minWidth: 0 }}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={t('routing.test.now')} style={{ width: '100%' }} data-testid="test-at" />
            </Form.Item>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -16 }}>
            {t('routing.test.hoursHint')}
          </Typography.Paragraph>
          <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} loading={running} data-testid="test-run">
            {t('routing.test.run')}
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={14}>{last?.result ? <DryRunView result={last.result} options={options} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('routing.test.empty')} style={{ marginTop: 48 }} />}</Col>
    </Row>
  );
}

function DryRunView({ result: r, options }: { result: DryRunResult; options: RoutingOptions }) {
  const t = useT();
  const { token } = theme.useToken();
  const outcome =
    r.outcome === 'assign'
      ? { type: 'success' as const, title: t('routing.test.outcome.assign', { agent: r.agent?.name ?? '' }) }
      : r.outcome === 'queue'
        ? { type: 'warning' as const, title: r.teamName ? t('routing.test.outcome.queueIn', { team: r.teamName }) : t('routing.test.outcome.queue') }
        : { type: 'error' as const, title: t('routing.test.outcome.unrouted') };

  return (
    <Flex vertical gap={16} data-testid="test-result">
      <Alert type={outcome.type} showIcon title={<span data-testid="test-outcome">{outcome.title}</span>} description={r.why} />
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('routing.test.rule')}>{r.ruleName ?? <Typography.Text type="secondary">{t('routing.test.noRule')}</Typography.Text>}</Descriptions.Item>
        <Descriptions.Item label={t('routing.test.team')}>{r.teamName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('routing.action.priority')}>{priorityLabel(t, r.priority)}</Descriptions.Item>
        <Descriptions.Item label={t('routing.action.labels')}>
          {r.labelIds.length === 0
            ? '—'
            : r.labelIds.map((id) => {
                const l = options.names.label(id);
                return l ? <LabelTag key={id} label={l} /> : <Tag key={id}>{id}</Tag>;
              })}
        </Descriptions.Item>
      </Descriptions>

      <Card size="small" title={t('routing.test.trace')}>
        {r.trace.length === 0 ? (
          <Typography.Text type="secondary">{t('routing.test.noRules')}</Typography.Text>
        ) : (
          <ol style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="test-trace">
            {r.trace.map((step, i) => (
              <li key={step.ruleId} style={{ display: 'flex', gap: 8, padding: '4px 0' }} data-matched={step.matched}>
                {step.matched ? <CheckCircleFilled style={{ color: token.colorSuccess, marginTop: 4 }} /> : <CloseCircleFilled style={{ color: token.colorTextQuaternary, marginTop: 4 }} />}
                <div style={{ minWidth: 0 }}>
                  <Typography.Text strong={step.matched}>
                    {i + 1}. {step.ruleName}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    {step.matched ? t('routing.test.matched') : t('routing.test.notMatched')} · {step.why}
                  </Typography.Text>
                </div>
              </li>
            ))}
          </ol>
        )}
      </Card>

      <Card size="small" title={t('routing.test.candidates')}>
        <Table<DryRunCandidate>
          rowKey="userId"
          size="small"
          pagination={false}
          dataSource={r.candidates}
          locale={{ emptyText: <Typography.Text type="secondary">{t('routing.test.noCandidates')}</Typography.Text> }}
          rowClassName={(c) => (c.userId === r.agent?.userId ? 'ant-table-row-selected' : '')}
          columns={[
            {
              title: t('routing.test.col.agent'),
              key: 'name',
              render: (_, c) => (
                <span>
                  {c.name}
                  {c.userId === r.agent?.userId && (
                    <Tag color="blue" style={{ marginInlineStart: 8 }}>
                      {t('routing.test.chosen')}
                    </Tag>
                  )}
                </span>
              ),
            },
            { title: t('routing.test.col.status'), key: 'status', width: 100, render: (_, c) => <Tag color={STATUS_COLORS[c.status]}>{t(`routing.status.${c.status}` as MessageKey)}</Tag> },
            { title: t('routing.test.col.load'), key: 'load', width: 140, render: (_, c) => t('routing.test.load', { load: c.load, capacity: c.capacity }) },
          ]}
          data-testid="test-candidates"
        />
      </Card>
    </Flex>
  );
}
