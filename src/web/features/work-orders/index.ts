export { ConversationToWorkOrder, ConversationWorkOrders } from './conversation-work-orders';
export { WorkOrderCreateModal } from './work-order-create-modal';
export { WorkOrderPage } from './work-order-page';
export { WorkOrdersPage } from './work-orders-page';
