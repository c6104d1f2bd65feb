import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as R from '../../../contracts/routing.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { createRule, deleteRule, getRoutingSettings, listRules, reorderRules, updateRoutingSettings, updateRule } from './rules.service.ts';

const tags = ['routing'];
const One = z.object({ rule: R.RoutingRule });
const Settings = z.object({ settings: R.RoutingSettings });

/** Routing rules (分配规则), tried in order, and the routing settings (分配与排队设置). */
export function rulesRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/routing/rules', { config: { access: 'routing.manage' }, schema: { tags, summary: 'The routing rules, in the order they are tried', response: { 200: R.RoutingRuleList, ...errorResponses } } }, async (req) => {
      return { items: await listRules(req.ctx()) };
    });

    r.post('/routing/rules', { config: { access: 'routing.manage' }, schema: { tags, summary: 'Add a routing rule, at a position or at the end', body: R.RoutingRuleBody, response: { 201: One, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ rule: await createRule(req.ctx(), req.body) });
    });

    r.put('/routing/rules/order', { config: { access: 'routing.manage' }, schema: { tags, summary: 'Put the rules in a new order (every rule, each once)', body: R.RuleOrderBody, response: { 200: R.RoutingRuleList, ...errorResponses } } }, async (req) => {
      return { items: await reorderRules(req.ctx(), req.body.ids) };
    });

    r.patch('/routing/rules/:id', { config: { access: 'routing.manage' }, schema: { tags, summary: 'Change a routing rule; conditions and actions are replaced whole', params: IdParams, body: R.RoutingRulePatch, response: { 200: One, ...errorResponses } } }, async (req) => {
      return { rule: await updateRule(req.ctx(), req.params.id, req.body) };
    });

    r.delete('/routing/rules/:id', { config: { access: 'routing.manage' }, schema: { tags, summary: 'Delete a routing rule; the ones after it move up', params: IdParams, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await deleteRule(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    });

    r.get('/routing/settings', { config: { access: 'routing.monitor' }, schema: { tags, summary: 'Routing settings: automatic assignment, fallback team, timeouts', response: { 200: Settings, ...errorResponses } } }, async (req) => {
      return { settings: await getRoutingSettings(req.ctx()) };
    });

    r.patch('/routing/settings', { config: { access: 'routing.manage' }, schema: { tags, summary: 'Change the routing settings', body: R.RoutingSettingsPatch, response: { 200: Settings, ...errorResponses } } }, async (req) => {
      return { settings: await updateRoutingSettings(req.ctx(), req.body) };
    });
  };
}
