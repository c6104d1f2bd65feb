import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Col, Flex, Result, Row, Skeleton } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../app/api-client';
import { useAuth } from '../../app/auth-provider';
import { useT } from '../../app/i18n-provider';
import { useDocumentTitle } from '../../app/use-document-title';
import { useRequest } from '../../app/use-request';
import { MergedNotice, MergeHistoryCard } from '../customer-merge';
import { ConsentCard, PrivacyActions } from '../customer-privacy';
import { KeyAccountCard } from '../key-accounts';
import { CustomerLoyaltyCard } from '../loyalty/customer-loyalty-card';
import { CustomerFormModal } from './customer-form-modal';
import { CustomerProfileCard } from './customer-profile-card';
import { AttributesCard, NotesCard, RecentOrdersCard, TagsCard } from './customer-side-cards';
import { CustomerTimeline } from './customer-timeline';
import { customersApi, type CustomerRecord } from './customers-api';

/** 客户档案: one customer's record, attributes, tags, notes, timeline and recent orders on one page. */
export function CustomerPage() {
  const t = useT();
  const { id = '' } = useParams();
  const { can } = useAuth();
  const record = useRequest((signal) => customersApi.get(id, signal), [id]);
  const attributes = useRequest((signal) => customersApi.attributes(signal).then((r) => r.items), []);
  const [editing, setEditing] = useState(false);
  // Bumped when something new belongs on the timeline (a note), so it loads again from the top.
  const [timelineVersion, setTimelineVersion] = useState(0);
  const customer = record.data?.customer;
  useDocumentTitle(customer ? customer.name || customer.nickname || t('nav.customers') : t('nav.customers'));

  const replace = (c: CustomerRecord) => record.setData((d) => (d ? { ...d, customer: c } : d));
  const back = (
    <Link to="/customers">
      <Button type="text" icon={<ArrowLeftOutlined />} style={{ marginBottom: 8 }}>{t('customers.back')}</Button>
    </Link>
  );

  if (record.error) {
    const missing = record.error instanceof ApiError && record.error.status === 404;
    return (
      <>
        {back}
        <Result status={missing ? '404' : 'error'} title={missing ? t('customers.notFound') : (record.error as Error).message} extra={!missing && <Button onClick={record.reload}>{t('common.retry')}</Button>} />
      </>
    );
  }
  if (!customer || !record.data) return <>{back}<Skeleton active /></>;

  const canManage = can('customers.manage');
  const canReply = can('conversations.reply');
  return (
    <>
      {back}
      <MergedNotice customerId={customer.id} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={16}>
            <CustomerProfileCard customer={customer} onEdit={canManage ? () => setEditing(true) : undefined} />
            <CustomerTimeline customerId={customer.id} version={timelineVersion} />
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <TagsCard customer={customer} canEdit={canReply} onChanged={replace} />
            <AttributesCard customer={customer} onEdit={canManage && (attributes.data?.length ?? 0) > 0 ? () => setEditing(true) : undefined} />
            <NotesCard customerId={customer.id} canWrite={canReply} onAdded={() => setTimelineVersion((v) => v + 1)} />
            <RecentOrdersCard orders={record.data.recentOrders} />
            <CustomerLoyaltyCard customerId={customer.id} />
            <KeyAccountCard customerId={customer.id} />
            <ConsentCard customerId={customer.id} />
            <MergeHistoryCard customerId={customer.id} onChanged={() => { record.reload(); setTimelineVersion((v) => v + 1); }} />
            <PrivacyActions customerId={customer.id} onErased={record.reload} />
          </Flex>
        </Col>
      </Row>
      {editing && (
        <CustomerFormModal
          customer={customer}
          attributes={attributes.data ?? []}
          onClose={() => setEditing(false)}
          onSaved={(c) => {
            replace(c);
            setEditing(false);
          }}
        />
      )}
    </>
  );
}
