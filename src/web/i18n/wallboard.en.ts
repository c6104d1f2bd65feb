import type { wallboardZhCN } from './wallboard.zh-CN';

export const wallboardEn: Record<keyof typeof wallboardZhCN, string> = {
  'nav.wallboard': 'Wallboard',
  'home.desc.wallboard': 'Live queues, waits and agent status per team',

  'wallboard.subtitle': 'First-response target {target}; a customer who has waited 80% of it is flagged as at risk',
  'wallboard.updatedAt': 'Updated {time}',
  'wallboard.live': 'Updating live',
  'wallboard.reconnecting': 'Live connection lost, reconnecting; refreshing every 15 s',
  'wallboard.refreshFailed': 'Refresh failed; showing the last figures: {message}',
  'wallboard.fullscreen': 'Full screen',
  'wallboard.exitFullscreen': 'Exit full screen',

  'wallboard.total.queue': 'Queued',
  'wallboard.total.online': 'Agents online',
  'wallboard.total.today': 'Conversations today',
  'wallboard.total.avgFirstResponse': 'Avg first response',
  'wallboard.total.atRisk': 'At risk',

  'wallboard.status.online': 'Online',
  'wallboard.status.busy': 'Busy',
  'wallboard.status.away': 'Away',
  'wallboard.status.offline': 'Offline',

  'wallboard.teams.title': 'Teams now',
  'wallboard.col.team': 'Team',
  'wallboard.col.queue': 'Queue',
  'wallboard.col.longestWait': 'Max wait',
  'wallboard.col.today': 'Today',
  'wallboard.col.avgFirstResponse': 'Avg FRT',

  'wallboard.chart.queueTitle': 'Queue and longest wait',
  'wallboard.chart.queued': 'Queued',
  'wallboard.chart.longestWait': 'Longest wait',
  'wallboard.chart.target': 'Target',
  'wallboard.chart.agentsTitle': 'Agents by status',
  'wallboard.chart.loadTitle': 'Agent load',
  'wallboard.chart.load': 'Open chats',
  'wallboard.chart.capacity': 'Capacity',
  'wallboard.chart.loadOf': '{load} open of {capacity}',
  'wallboard.chart.pickTeam': 'Choose a team',
  'wallboard.chart.noMembers': 'This team has no members yet',

  'wallboard.atRisk.title': 'About to miss first response',
  'wallboard.atRisk.empty': 'Nothing at risk',
  'wallboard.atRisk.more': '{total} in all; the 20 longest waits of each team are listed',
  'wallboard.atRisk.col.customer': 'Customer',
  'wallboard.atRisk.col.team': 'Team',
  'wallboard.atRisk.col.wait': 'Waiting',
  'wallboard.atRisk.col.assignee': 'Agent',
  'wallboard.atRisk.visitor': 'Visitor',
  'wallboard.atRisk.unassigned': 'Unassigned',

  'wallboard.empty.title': 'No teams yet',
  'wallboard.empty.desc': 'Once there are teams with agents in them, their queues, waits and agents show here live.',
  'wallboard.empty.action': 'Set up teams',
  'wallboard.empty.askAdmin': 'Ask an administrator to set up teams under Teams & agents.',
} as const;
