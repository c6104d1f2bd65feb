import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as O from '../../../../contracts/orders.ts';
import { ErrorBody, errorResponses, IdParams } from '../../../../contracts/common.ts';
import { AppError } from '../../../platform/errors.ts';
import { jsonProblem } from '../orders.routes.ts';
import { createImport, errorReport, listImports, loadImport, MAX_IMPORT_BYTES, requestImport, requestValidation } from './imports.service.ts';

const tags = ['orders'];
const One = z.object({ import: O.OrderImport });

/** CSV imports of orders (导入订单): upload, map the columns, validate, import; the bad rows as a CSV report. */
export function importsRoutes() {
  return async function (app: FastifyInstance) {
    await app.register(uploadRoute());
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/order-imports', { config: { access: 'orders.import' }, schema: { tags, summary: 'The latest order imports, newest first', response: { 200: O.ImportList, ...errorResponses } } }, async (req) => {
      return { items: await listImports(req.ctx()) };
    });

    r.get('/order-imports/:id', { config: { access: 'orders.import' }, schema: { tags, summary: 'An import: its columns, a sample, the suggested mapping, status, progress, report and result', params: IdParams, response: { 200: One, ...errorResponses } } }, async (req) => {
      return { import: await loadImport(req.ctx(), req.params.id) };
    });

    r.post('/order-imports/:id/validate', { config: { access: 'orders.import' }, schema: { tags, summary: 'Save the column mapping and check every row in the background (nothing is written); the report lists each bad row with its line', params: IdParams, body: O.ImportMappingBody, response: { 200: One, ...errorResponses } } }, async (req) => {
      return { import: await requestValidation(req.ctx(), req.params.id, req.body) };
    });

    r.post('/order-imports/:id/start', { config: { access: 'orders.import' }, schema: { tags, summary: 'Import the validated file in the background, in batches with progress; orders already there and unchanged stay as they are', params: IdParams, response: { 200: One, ...errorResponses } } }, async (req) => {
      return { import: await requestImport(req.ctx(), req.params.id) };
    });

    r.get('/order-imports/:id/errors', { config: { access: 'orders.import' }, schema: { tags, summary: 'The validation report as a CSV file: line and reason of each bad row', params: IdParams, response: { 200: { description: 'text/csv (UTF-8 with BOM, opens in Excel)', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses } } }, async (req, reply) => {
      const csv = await errorReport(req.ctx(), req.params.id, req.locale);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="order-import-${req.params.id}-errors.csv"`).send(csv);
    });
  };
}

/** The upload reads the body as the file's bytes, whatever its content type: in a plugin of its own. */
function uploadRoute() {
  return async function (app: FastifyInstance) {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES }, (req, body, done) => done(jsonProblem(req.headers['content-type'], body), body));
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post('/order-imports', { config: { access: 'orders.import' }, schema: { tags, summary: 'Upload a CSV file of orders (the body is the file: UTF-8 or GBK/GB18030, detected or chosen); answers its columns and a suggested mapping', querystring: O.ImportUploadQuery, response: { 201: One, ...errorResponses, 413: ErrorBody } } }, async (req, reply) => {
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (bytes.length === 0) throw new AppError('import_file_empty');
      return reply.status(201).send({ import: await createImport(req.ctx(), { fileName: req.query.fileName, encoding: req.query.encoding, bytes }) });
    });
  };
}
