import { useCallback, useEffect, useRef } from 'react';
import { useRealtime, useRealtimeResync } from '../../app/realtime';
import { useRequest } from '../../app/use-request';
import { agentsApi, teamsApi, type Agent } from './teams-api';

/** An `agent.updated` frame: the whole agent, or the changed fields of one (status, load …). */
type AgentFrame = { agent?: Partial<Agent> & { userId?: string } } & Partial<Agent>;

const RELOAD_DELAY_MS = 800;

/**
 * The teams and the agents, shared by the page's tabs. Statuses and loads follow the realtime
 * `agent.updated` frames; a frame about an agent not in the list, or one we cannot read, reloads the
 * list (at most once per burst), as does a conversation changing (loads) and coming back after the
 * socket was down.
 */
export function useTeamsData() {
  const teams = useRequest((signal) => teamsApi.list(signal), []);
  const agents = useRequest((signal) => agentsApi.list(signal), []);
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const agentsReload = agents.reload;

  const reloadAgentsSoon = useCallback(() => {
    if (reloadTimer.current) return;
    reloadTimer.current = setTimeout(() => {
      reloadTimer.current = undefined;
      agentsReload();
    }, RELOAD_DELAY_MS);
  }, [agentsReload]);
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  useRealtime<AgentFrame | null>('agent.updated', (frame) => {
    const change = frame?.agent ?? frame;
    const userId = change?.userId;
    const list = agents.data;
    if (!userId || !list?.some((a) => a.userId === userId)) {
      reloadAgentsSoon();
      return;
    }
    agents.setData((items) => items?.map((a) => (a.userId === userId ? mergeAgent(a, change) : a)));
  });
  // Loads move as chats are assigned, transferred and closed; the list follows within a moment.
  useRealtime('conversation.created', reloadAgentsSoon);
  useRealtime('conversation.updated', reloadAgentsSoon);
  useRealtimeResync(() => {
    agents.reload();
    teams.reload();
  });

  const replaceAgent = useCallback(
    (agent: Agent) => agents.setData((items) => items?.map((a) => (a.userId === agent.userId ? agent : a))),
    [agents],
  );

  return { teams, agents, replaceAgent };
}

/** Takes the fields a frame carries that an agent has; anything else in it is ignored. */
function mergeAgent(agent: Agent, change: Partial<Agent>): Agent {
  const next: Agent = { ...agent };
  for (const key of Object.keys(agent) as (keyof Agent)[]) {
    if (change[key] !== undefined) (next as Record<keyof Agent, unknown>)[key] = change[key];
  }
  return next;
}
