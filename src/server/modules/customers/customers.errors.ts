import { registerNotFoundSubject } from '../../platform/errors.ts';

registerNotFoundSubject('customer', { 'zh-CN': '该客户', en: 'The customer' });
