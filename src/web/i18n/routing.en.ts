import type { routingZhCN } from './routing.zh-CN';

export const routingEn: Record<keyof typeof routingZhCN, string> = {
  'nav.routing': 'Routing rules',
  'home.desc.routing': 'Send each new conversation to the right people by product, page, channel and keywords',
};
