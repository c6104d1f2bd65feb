import type { wallboardZhCN } from './wallboard.zh-CN';

export const wallboardEn: Record<keyof typeof wallboardZhCN, string> = {
  'nav.wallboard': 'Wallboard',
  'home.desc.wallboard': 'Live queues, waits and agent status per team',
};
