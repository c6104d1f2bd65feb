import type { OrderIn } from '../../../contracts/orders.ts';
import { AppError } from '../../platform/errors.ts';
import { normalizeOrder, OrderInputError, type NormalizedOrder } from './orders.normalize.ts';

/** The orders of an API or webhook body, normalised; the first that cannot be taken refuses the whole body (400). */
export function normalizeAll(orders: OrderIn[]): NormalizedOrder[] {
  return orders.map((o, i) => {
    try {
      return normalizeOrder(o);
    } catch (err) {
      if (!(err instanceof OrderInputError)) throw err;
      const field = ['orders', i, err.field].filter((x) => x !== undefined).join('.');
      throw new AppError('order_invalid', { vars: { order: o.platformOrderId, reasonZh: err.reason['zh-CN'], reasonEn: err.reason.en }, field, cause: err });
    }
  });
}
