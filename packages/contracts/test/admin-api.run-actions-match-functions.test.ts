// The contract's list of run actions is the functions' table of them (etl/run-state/admin.ts):
// the types only check that every action the functions allow is one the contract names, so an
// action the functions dropped, or one the contract names that no state allows, shows here.
import { AdminRunDetail, RUN_ACTIONS } from '../src';
import { ACTION_STATES, allowedActions } from '../../../functions/src/etl/run-state/admin';

test('the contract names exactly the actions the functions have a start state for', () => {
  expect([...RUN_ACTIONS].sort()).toEqual(Object.keys(ACTION_STATES).sort());
});

test('a run detail whose allowedActions came from the functions parses; an unknown action does not', () => {
  const base = AdminRunDetail.shape;
  expect(base.allowedActions.safeParse(allowedActions('ERROR')).success).toBe(true);
  expect(base.allowedActions.safeParse(allowedActions('PAUSED')).success).toBe(true);
  expect(base.allowedActions.safeParse(['explode']).success).toBe(false);
});
