import type { teamsZhCN } from './teams.zh-CN';

export const teamsEn: Record<keyof typeof teamsZhCN, string> = {
  'nav.teams': 'Teams and agents',
  'home.desc.teams': 'Organise agents by business line and group; set capacity and dedicated products',
};
