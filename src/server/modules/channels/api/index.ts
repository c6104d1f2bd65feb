export { apiChannelRoutes } from './api-channel.routes.ts';
export { registerApiChannelHandlers } from './api-channel.events.ts';
export { signWebhook, verifyWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_HEADER } from './webhook-signature.ts';
