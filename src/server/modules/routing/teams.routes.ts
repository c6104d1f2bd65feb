import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as R from '../../../contracts/routing.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { createTeam, deleteTeam, listTeams, setTeamMembers, updateTeam } from './teams.service.ts';

const tags = ['routing'];
const One = z.object({ team: R.Team });

/** Teams (技能组): business lines and the groups inside them, and who belongs to each. */
export function teamsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // Everyone who reads conversations sees the teams: an agent transfers a chat to one.
    r.get('/teams', { config: { access: 'conversations.read' }, schema: { tags, summary: 'The teams in tree order (each business line followed by its groups), with their members', response: { 200: R.TeamList, ...errorResponses } } }, async (req) => {
      return { items: await listTeams(req.ctx()) };
    });

    r.post('/teams', { config: { access: 'teams.manage' }, schema: { tags, summary: 'Add a team, at the top or inside another', body: R.TeamBody, response: { 201: One, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ team: await createTeam(req.ctx(), req.body) });
    });

    r.patch('/teams/:id', { config: { access: 'teams.manage' }, schema: { tags, summary: 'Rename, describe, reorder or move a team (with the groups under it)', params: IdParams, body: R.TeamPatch, response: { 200: One, ...errorResponses } } }, async (req) => {
      return { team: await updateTeam(req.ctx(), req.params.id, req.body) };
    });

    r.delete('/teams/:id', { config: { access: 'teams.manage' }, schema: { tags, summary: 'Delete a team and the groups under it; refused while a routing rule or the fallback setting uses one of them. Conversations queued for them move to the fallback team, keeping their place (without one, they leave the queue unassigned); assigned ones keep their agent', params: IdParams, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await deleteTeam(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    });

    r.put('/teams/:id/members', { config: { access: 'teams.manage' }, schema: { tags, summary: 'Set the whole membership of a team, and who leads it', params: IdParams, body: R.TeamMembersBody, response: { 200: One, ...errorResponses } } }, async (req) => {
      return { team: await setTeamMembers(req.ctx(), req.params.id, req.body.members) };
    });
  };
}
