import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../platform/errors.ts';
import { actionsFrom, clockPaused, isActive, nextStatus, TRANSITIONS, WORK_ORDER_ACTIONS, WORK_ORDER_STATUSES, type WorkOrderStatus } from './tickets.status.ts';

describe('work order status: one transition table', () => {
  test('every status and action pair either moves as the table says or is refused with work_order_transition_invalid', () => {
    for (const status of WORK_ORDER_STATUSES) {
      for (const action of WORK_ORDER_ACTIONS) {
        if (TRANSITIONS[action].from.includes(status)) {
          assert.equal(nextStatus(status, action), TRANSITIONS[action].to);
        } else {
          assert.throws(() => nextStatus(status, action), (e: unknown) => e instanceof AppError && e.code === 'work_order_transition_invalid' && e.status === 409);
        }
      }
    }
  });

  test('the life of a visa enquiry: new → open → pending on the customer → open → resolved → closed → reopened', () => {
    let s: WorkOrderStatus = 'new';
    for (const [action, to] of [['start', 'open'], ['wait_customer', 'pending_customer'], ['resume', 'open'], ['wait_team', 'pending_team'], ['resolve', 'resolved'], ['close', 'closed'], ['reopen', 'open']] as const) {
      s = nextStatus(s, action);
      assert.equal(s, to);
    }
  });

  test('a closed work order can only be reopened; a resolved one closed or reopened', () => {
    assert.deepEqual(actionsFrom('closed'), ['reopen']);
    assert.deepEqual(actionsFrom('resolved'), ['close', 'reopen']);
    assert.deepEqual(actionsFrom('new'), ['start', 'wait_customer', 'wait_team', 'resolve']);
  });

  test('only waiting on the customer stops the clock; only unresolved work counts as active', () => {
    assert.deepEqual(WORK_ORDER_STATUSES.filter(clockPaused), ['pending_customer']);
    assert.deepEqual(WORK_ORDER_STATUSES.filter(isActive), ['new', 'open', 'pending_customer', 'pending_team']);
  });

  test('the refusal names the status and the action in the reader’s language', () => {
    assert.throws(() => nextStatus('closed', 'resolve', 'en'), (e: unknown) => e instanceof AppError && e.vars.status === 'Closed' && e.vars.action === 'Resolve');
    assert.throws(() => nextStatus('closed', 'resolve'), (e: unknown) => e instanceof AppError && e.vars.status === '已关闭');
  });
});
