import { Badge, Flex, Form, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../app/i18n-provider';
import { useShowError } from '../../app/use-api-error';
import { STATUS_COLORS } from './agent-status';
import { agentLabel, productRoutingApi, type Agent, type ProductRouting } from './teams-api';

type Props = { product: ProductRouting | null; agents: readonly Agent[]; onClose: () => void; onSaved: (product: ProductRouting) => void };

/** 设置专属客服: the agents a product's customers go to first; saving replaces the whole set. */
export function ProductAgentsModal({ product, agents, onClose, onSaved }: Props) {
  const t = useT();
  const showError = useShowError();
  const [userIds, setUserIds] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (product) setUserIds(product.agents.map((a) => a.userId));
  }, [product]);

  const known = new Set(agents.map((a) => a.userId));
  const options = [
    ...agents.map((a) => ({ value: a.userId, label: agentLabel(a), search: `${agentLabel(a)} ${a.name} ${a.teams.map((x) => x.name).join(' ')}`, agent: a as Agent | undefined })),
    ...(product?.agents ?? []).filter((a) => !known.has(a.userId)).map((a) => ({ value: a.userId, label: a.name, search: a.name, agent: undefined as Agent | undefined })),
  ];

  const save = async () => {
    if (!product) return;
    setSaving(true);
    try {
      onSaved(await productRoutingApi.setAgents(product.id, userIds));
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={product !== null}
      title={t('teams.products.modalTitle')}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={saving}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={520}
      data-testid="product-agents-modal"
    >
      {product && (
        <Flex vertical style={{ marginBottom: 12 }}>
          <Typography.Text strong>{product.name}</Typography.Text>
          <Typography.Text type="secondary">
            SKU {product.sku}
            {product.groupName ? ` · ${product.groupName}` : ''}
          </Typography.Text>
        </Flex>
      )}
      <Form layout="vertical" name="product-agents">
        <Form.Item label={t('teams.products.agents')} htmlFor="product-agents-select" extra={t('teams.products.agentsHelp')}>
          <Select
            id="product-agents-select"
            mode="multiple"
            allowClear
            value={userIds}
            onChange={setUserIds}
            options={options}
            optionFilterProp="search"
            optionRender={(o) => (
              <Flex gap={8} align="center">
                {o.data.agent && <Badge color={STATUS_COLORS[o.data.agent.status]} />}
                <span>{o.data.label}</span>
                {o.data.agent?.teams.length ? <Typography.Text type="secondary">{o.data.agent.teams.map((x) => x.name).join('、')}</Typography.Text> : null}
              </Flex>
            )}
            placeholder={t('teams.products.agentsPlaceholder')}
            data-testid="product-agents-select"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
