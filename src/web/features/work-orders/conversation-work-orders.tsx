import { FileAddOutlined } from '@ant-design/icons';
import { App, Button, Flex, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { ConversationSummary } from '../../app/api-types';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { useRealtime, useRealtimeResync } from '../../app/realtime';
import { useErrorText } from '../../app/use-api-error';
import { useRequest } from '../../app/use-request';
import { useDebounced } from './use-debounced';
import { WorkOrderCreateModal } from './work-order-create-modal';
import { SlaCountdown, WorkOrderStatusTag } from './work-order-tags';
import { onWorkOrderChange, workOrdersApi } from './work-orders-api';
import './work-orders.css';

const TITLE_MAX = 60;

/** A work order's title from what the customer last wrote: its first line, cut to a readable length. */
function titleFrom(text: string | undefined): string {
  const line = (text ?? '').split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1)}…` : line;
}

/** 转工单: the create form, filled in with this conversation, its customer and their last message. */
export function ConversationToWorkOrder({ conversation, lastCustomerMessage }: { conversation: ConversationSummary; lastCustomerMessage?: string }) {
  const t = useT();
  const { can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  if (!can('work_orders.work')) return null;
  return (
    <>
      <Tooltip title={t('wo.conv.createHint')}>
        <Button icon={<FileAddOutlined />} onClick={() => setOpen(true)} data-testid="conversation-to-work-order">
          {t('wo.conv.create')}
        </Button>
      </Tooltip>
      {open && (
        <WorkOrderCreateModal
          seed={{ conversationId: conversation.id, customerId: conversation.customer.id || null, customerName: conversation.customer.name, title: titleFrom(lastCustomerMessage) }}
          onClose={() => setOpen(false)}
          onCreated={(wo) => {
            setOpen(false);
            message.success({
              content: (
                <span>
                  {/* The toast renders outside the router: a plain link that navigates through it. */}
                  {t('wo.create.done', { number: wo.number })}{' '}
                  <a
                    href={`/work-orders/${encodeURIComponent(wo.id)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/work-orders/${encodeURIComponent(wo.id)}`);
                    }}
                    data-testid="work-order-created-open"
                  >
                    {t('wo.conv.open')}
                  </a>
                </span>
              ),
              duration: 5,
            });
          }}
        />
      )}
    </>
  );
}

/** The conversation's work orders with their status, each opening its page (a card of the customer panel). */
export function ConversationWorkOrders({ conversationId }: { conversationId: string }) {
  const t = useT();
  const { can } = useAuth();
  const errorText = useErrorText();
  const list = useRequest((signal) => workOrdersApi.list({ view: can('work_orders.read_all') ? 'all' : 'mine', conversationId, limit: 20 }, signal), [conversationId]);
  const { reload } = list;
  useEffect(() => onWorkOrderChange(() => reload()), [reload]);
  // Any change may concern this conversation: a new work order made from it, or one linked to it.
  const refresh = useDebounced(reload, 1000);
  useRealtime('work_order.changed', refresh);
  useRealtimeResync(reload);

  if (list.error && !list.data) return <Typography.Text type="danger" style={{ fontSize: 12 }}>{errorText(list.error)}</Typography.Text>;
  if (!list.data) return <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('wo.conv.loading')}</Typography.Text>;
  if (list.data.items.length === 0) return <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="conversation-work-orders">{t('wo.conv.none')}</Typography.Text>;
  return (
    <div data-testid="conversation-work-orders">
      {list.data.items.map((w) => (
        <Link key={w.id} to={`/work-orders/${encodeURIComponent(w.id)}`} className="sd-wo-conv-item" data-testid="conversation-work-order">
          <Flex justify="space-between" align="center" gap={6}>
            <Typography.Text ellipsis style={{ fontSize: 13, minWidth: 0 }} title={w.title}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>#{w.number}</Typography.Text> {w.title}
            </Typography.Text>
            <WorkOrderStatusTag status={w.status} />
          </Flex>
          {w.sla && (
            <div style={{ fontSize: 12 }}>
              <SlaCountdown clock={w.sla} targetMinutes={w.sla.targetMinutes} />
            </div>
          )}
        </Link>
      ))}
    </div>
  );
}
