import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as C from '../../../contracts/accounts.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { presentInvitation, presentUser } from './accounts.presenters.ts';
import { inviteUser, listPendingInvitations, revokeInvitation } from './invitations.service.ts';
import { PERMISSION_GROUPS, PERMISSIONS, ROLE_INFO, ROLES, SPECIALISATION_INFO, SPECIALISATIONS, permissionsOf, type Permission } from './permissions.ts';
import { getUser, listUsers, setUserStatus, updateUser } from './users.service.ts';
import type { RouteDeps } from './index.ts';

const tags = ['users'];
const UserBody = z.object({ user: C.User });

export function usersRoutes(deps: RouteDeps) {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/users', { config: { access: 'users.read' }, schema: { tags, summary: 'List the users of the account', querystring: C.UserQuery, response: { 200: z.object({ items: z.array(C.User) }), ...errorResponses } } }, async (req) => {
      return { items: (await listUsers(req.ctx(), req.query)).map(presentUser) };
    });

    r.get('/users/:id', { config: { access: 'users.read' }, schema: { tags, summary: 'One user', params: IdParams, response: { 200: UserBody, ...errorResponses } } }, async (req) => {
      return { user: presentUser(await getUser(req.ctx(), req.params.id)) };
    });

    r.patch('/users/:id', { config: { access: 'users.manage' }, schema: { tags, summary: 'Change a user’s names, role or specialisation', params: IdParams, body: C.UpdateUserBody, response: { 200: UserBody, ...errorResponses } } }, async (req) => {
      return { user: presentUser(await updateUser(req.ctx(), req.params.id, req.body)) };
    });

    r.post('/users/:id/deactivate', { config: { access: 'users.manage' }, schema: { tags, summary: 'Deactivate a user and end their sessions', params: IdParams, response: { 200: UserBody, ...errorResponses } } }, async (req) => {
      return { user: presentUser(await setUserStatus(req.ctx(), req.params.id, 'deactivated')) };
    });

    r.post('/users/:id/reactivate', { config: { access: 'users.manage' }, schema: { tags, summary: 'Reactivate a user', params: IdParams, response: { 200: UserBody, ...errorResponses } } }, async (req) => {
      return { user: presentUser(await setUserStatus(req.ctx(), req.params.id, 'active')) };
    });

    r.get('/invitations', { config: { access: 'users.read' }, schema: { tags, summary: 'Pending invitations', response: { 200: z.object({ items: z.array(C.Invitation) }), ...errorResponses } } }, async (req) => {
      return { items: (await listPendingInvitations(req.ctx())).map(presentInvitation) };
    });

    r.post('/invitations', { config: { access: 'users.manage' }, schema: { tags, summary: 'Invite a user by email; returns the link to send them', body: C.InviteBody, response: { 201: C.InviteCreated, ...errorResponses } } }, async (req, reply) => {
      const ctx = req.ctx();
      const { invitation, token } = await inviteUser(ctx, req.body);
      const base = deps.publicUrl ?? `${req.protocol}://${req.host}`;
      return reply.status(201).send({ invitation: presentInvitation({ ...invitation, inviter_name: ctx.actor.name }), inviteUrl: `${base}/invite/${token}` });
    });

    r.post('/invitations/:id/revoke', { config: { access: 'users.manage' }, schema: { tags, summary: 'Revoke a pending invitation', params: IdParams, response: { 204: z.null(), ...errorResponses } } }, async (req, reply) => {
      await revokeInvitation(req.ctx(), req.params.id);
      return reply.status(204).send(null);
    });

    r.get('/roles', { config: { access: 'authenticated' }, schema: { tags, summary: 'The roles and the permission matrix', response: { 200: C.RolesBody, ...errorResponses } } }, async () => ({
      roles: ROLES.map((key) => ({ key, ...ROLE_INFO[key], permissions: permissionsOf(key) })),
      permissions: (Object.keys(PERMISSIONS) as Permission[]).map((key) => ({ key, group: PERMISSIONS[key].group, groupLabel: PERMISSION_GROUPS[PERMISSIONS[key].group], label: PERMISSIONS[key].label })),
      specialisations: SPECIALISATIONS.map((key) => ({ key, label: SPECIALISATION_INFO[key].label })),
    }));
  };
}
