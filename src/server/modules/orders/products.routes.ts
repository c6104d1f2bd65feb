import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as O from '../../../contracts/orders.ts';
import { errorResponses, IdParams } from '../../../contracts/common.ts';
import { createProduct, createProductGroup, findProduct, listProductGroups, listProducts, presentProduct, updateProduct, updateProductGroup } from './products.service.ts';

const tags = ['products'];
const OneGroup = z.object({ group: O.ProductGroup });
const OneProduct = z.object({ product: O.Product });

/** The catalogue: products by SKU and their nested groups. Everyone who reads customers sees it; orders.import maintains it. */
export function productsRoutes() {
  return async function (app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/product-groups', { config: { access: 'customers.read' }, schema: { tags, summary: 'Product groups in tree order (each followed by its subgroups)', response: { 200: O.ProductGroupList, ...errorResponses } } }, async (req) => {
      return { items: await listProductGroups(req.ctx()) };
    });

    r.post('/product-groups', { config: { access: 'orders.import' }, schema: { tags, summary: 'Add a product group, at the top or inside another', body: O.ProductGroupBody, response: { 201: OneGroup, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ group: await createProductGroup(req.ctx(), req.body) });
    });

    r.patch('/product-groups/:id', { config: { access: 'orders.import' }, schema: { tags, summary: 'Rename, reorder or move a product group (with its subgroups)', params: IdParams, body: O.ProductGroupPatch, response: { 200: OneGroup, ...errorResponses } } }, async (req) => {
      return { group: await updateProductGroup(req.ctx(), req.params.id, req.body) };
    });

    r.get('/products', { config: { access: 'customers.read' }, schema: { tags, summary: 'Products newest first, by SKU or name, group (with subgroups) and status; keyset pages', querystring: O.ProductsQuery, response: { 200: O.ProductList, ...errorResponses } } }, async (req) => {
      return listProducts(req.ctx(), req.query);
    });

    r.get('/products/:id', { config: { access: 'customers.read' }, schema: { tags, summary: 'One product', params: IdParams, response: { 200: OneProduct, ...errorResponses } } }, async (req) => {
      return { product: presentProduct(await findProduct(req.ctx(), req.params.id)) };
    });

    r.post('/products', { config: { access: 'orders.import' }, schema: { tags, summary: 'Add a product; its SKU is unique in the shop', body: O.ProductBody, response: { 201: OneProduct, ...errorResponses } } }, async (req, reply) => {
      return reply.status(201).send({ product: await createProduct(req.ctx(), req.body) });
    });

    r.patch('/products/:id', { config: { access: 'orders.import' }, schema: { tags, summary: 'Change a product’s SKU, name, price, group or status', params: IdParams, body: O.ProductPatch, response: { 200: OneProduct, ...errorResponses } } }, async (req) => {
      return { product: await updateProduct(req.ctx(), req.params.id, req.body) };
    });
  };
}
