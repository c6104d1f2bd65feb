import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as C from '../../../contracts/conversations.ts';
import * as L from '../../../contracts/labels.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { addConversationLabel, createLabel, deleteLabel, listLabels, removeConversationLabel, setConversationLabels, updateLabel } from './labels.service.ts';

const tags = ['labels'];
const One = z.object({ label: L.Label });
const ConversationBody = z.object({ conversation: C.ConversationSummary });
const LabelOnConversation = z.strictObject({ id: z.string().min(1).max(64), labelId: z.string().min(1).max(64) });

/** Labels (标签): the team's list is kept by leads; anyone who replies puts them on conversations. */
export function labelsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/labels', { config: { access: 'conversations.read' }, schema: { tags, summary: 'The account’s labels, by name, with how many conversations carry each', response: { 200: L.LabelList, ...errorResponses } } }, async (req) => {
      return { items: await listLabels(req.ctx()) };
    });

    r.post('/labels', { config: { access: 'labels.manage' }, schema: { tags, summary: 'Add a label', body: L.LabelBody, response: { 201: One, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ label: await createLabel(req.ctx(), req.body) });
    });

    r.patch('/labels/:id', { config: { access: 'labels.manage' }, schema: { tags, summary: 'Rename or recolour a label', params: IdParams, body: L.LabelPatch, response: { 200: One, ...errorResponses } } }, async (req) => {
      return { label: await updateLabel(req.ctx(), req.params.id, req.body) };
    });

    r.delete('/labels/:id', { config: { access: 'labels.manage' }, schema: { tags, summary: 'Delete a label; it comes off every conversation', params: IdParams, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await deleteLabel(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    });

    r.put('/conversations/:id/labels', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Set the labels of a conversation (the whole set)', params: IdParams, body: L.ConversationLabelsBody, response: { 200: ConversationBody, ...errorResponses } } }, async (req) => {
      return { conversation: await setConversationLabels(req.ctx(), req.params.id, req.body.labelIds) };
    });

    r.post('/conversations/:id/labels', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Put one label on a conversation', params: IdParams, body: L.ConversationLabelBody, response: { 200: ConversationBody, ...errorResponses } } }, async (req) => {
      return { conversation: await addConversationLabel(req.ctx(), req.params.id, req.body.labelId) };
    });

    r.delete('/conversations/:id/labels/:labelId', { config: { access: 'conversations.reply' }, schema: { tags, summary: 'Take one label off a conversation', params: LabelOnConversation, response: { 200: ConversationBody, ...errorResponses } } }, async (req) => {
      return { conversation: await removeConversationLabel(req.ctx(), req.params.id, req.params.labelId) };
    });
  };
}
