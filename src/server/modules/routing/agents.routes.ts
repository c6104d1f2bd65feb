import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as R from '../../../contracts/routing.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { getMyAgent, listAgents, recordMyActivity, setAgentStatus, setMyStatus, updateAgent } from './agents.service.ts';
import { listProductGroups, listProductRouting, setProductAgents } from './product-agents.service.ts';

const tags = ['routing'];
const OneAgent = z.object({ agent: R.Agent });

/** Agents (客服): status, capacity, names and teams; products' dedicated agents. */
export function agentsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/agents', { config: { access: 'conversations.read' }, schema: { tags, summary: 'Every member who answers customers, with status, capacity, load and teams', response: { 200: R.AgentList, ...errorResponses } } }, async (req) => {
      return { items: await listAgents(req.ctx()) };
    });

    r.get('/agents/me', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'My own status, capacity and load', response: { 200: OneAgent, ...errorResponses } } }, async (req) => {
      return { agent: await getMyAgent(req.ctx()) };
    });

    r.patch('/agents/:id', { config: { access: 'teams.manage' }, schema: { tags, summary: 'Set an agent’s internal and public names, capacity (overall and per channel) and teams', params: IdParams, body: R.AgentPatch, response: { 200: OneAgent, ...errorResponses } } }, async (req) => {
      return { agent: await updateAgent(req.ctx(), req.params.id, req.body) };
    });

    r.put('/agents/me/status', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Set my status: online, busy, away or offline', body: R.AgentStatusBody, response: { 200: OneAgent, ...errorResponses } } }, async (req) => {
      return { agent: await setMyStatus(req.ctx(), req.body.status) };
    });

    r.put('/agents/:id/status', { config: { access: 'conversations.assign' }, schema: { tags, summary: 'Set a colleague’s status (supervisors, leads, dispatchers)', params: IdParams, body: R.AgentStatusBody, response: { 200: OneAgent, ...errorResponses } } }, async (req) => {
      return { agent: await setAgentStatus(req.ctx(), req.params.id, req.body.status) };
    });

    r.post('/agents/me/activity', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'I am at my desk: restarts the inactivity clock and ends an automatic away', response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await recordMyActivity(req.ctx());
      return reply.status(204).send(null);
    });

    r.get('/routing/products', { config: { access: 'teams.manage' }, schema: { tags, summary: 'Products with their dedicated agents, by sku or name, group (with subgroups) and whether bound', querystring: R.ProductRoutingQuery, response: { 200: R.ProductRoutingList, ...errorResponses } } }, async (req) => {
      return listProductRouting(req.ctx(), req.query);
    });

    r.put('/routing/products/:id/agents', { config: { access: 'teams.manage' }, schema: { tags, summary: 'Set the whole set of a product’s dedicated agents', params: IdParams, body: R.ProductAgentsBody, response: { 200: z.object({ product: R.ProductRouting }), ...errorResponses } } }, async (req) => {
      return { product: await setProductAgents(req.ctx(), req.params.id, req.body.userIds) };
    });

    r.get('/routing/product-groups', { config: { access: 'conversations.read' }, schema: { tags, summary: 'Product groups in tree order, with how many products each holds with its subgroups', response: { 200: R.ProductGroupList, ...errorResponses } } }, async (req) => {
      return { items: await listProductGroups(req.ctx()) };
    });
  };
}
