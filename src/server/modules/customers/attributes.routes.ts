import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import * as C from '../../../contracts/customers.ts';
import { createAttributeDefinition, deleteAttributeDefinition, listAttributeDefinitions, updateAttributeDefinition } from './attributes.service.ts';

const tags = ['customers'];
const One = z.object({ attribute: C.AttributeDefinition });

/** Custom customer attributes (自定义属性: 肤质, 兴趣, 尺码 …), defined by the shop's admins. */
export function attributesRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/customer-attributes', { config: { access: 'customers.read' }, schema: { tags, summary: 'The custom attribute definitions, in display order', response: { 200: z.object({ items: z.array(C.AttributeDefinition) }), ...errorResponses } } }, async (req) => {
      return { items: await listAttributeDefinitions(req.ctx()) };
    });

    r.post('/customer-attributes', { config: { access: 'account.manage' }, schema: { tags, summary: 'Define a custom attribute: text, number, date, select or multi-select (with options)', body: C.AttributeDefinitionBody, response: { 201: One, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ attribute: await createAttributeDefinition(req.ctx(), req.body) });
    });

    r.patch('/customer-attributes/:id', { config: { access: 'account.manage' }, schema: { tags, summary: 'Relabel, reorder or change the options of an attribute (key and type stay)', params: IdParams, body: C.AttributeDefinitionPatch, response: { 200: One, ...errorResponses } } }, async (req) => {
      return { attribute: await updateAttributeDefinition(req.ctx(), req.params.id, req.body) };
    });

    r.delete('/customer-attributes/:id', { config: { access: 'account.manage' }, schema: { tags, summary: 'Delete an attribute and its values on every customer', params: IdParams, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await deleteAttributeDefinition(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    });
  };
}
