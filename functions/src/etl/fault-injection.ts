// Test hook for the fault-injection suites. Off unless ETL_FAULT_INJECTION=1 is in the
// environment (only the test stack sets it), so production never pays the extra read.
// A document etlFaults/{rolloverId} = {phase, mode: 'throw'|'exit'|'delay', remaining, ms?} makes
// the worker throw a transient error, exit the process, or wait `ms` (a slow phase, to cancel a
// run in flight) before that phase, `remaining` times. `phase: '*'` matches every phase (a run slow
// all through, to watch its progress).
import { FieldValue, type Firestore } from 'firebase-admin/firestore';
import { COLLECTIONS } from '@trustrails/contracts';
import { etlFaultInjection } from '../config';

export const faultInjectionEnabled = (): boolean => etlFaultInjection;

export class InjectedFault extends Error {
  constructor(phase: string) {
    super(`injected transient fault before phase ${phase}`);
    this.name = 'InjectedFault';
  }
}

export async function maybeInjectFault(db: Firestore, rolloverId: string, phase: string): Promise<void> {
  if (!faultInjectionEnabled()) return;
  const ref = db.collection(COLLECTIONS.etlFaults).doc(rolloverId);
  const mode = await db.runTransaction(async (tx) => {
    const fault = (await tx.get(ref)).data();
    if (!fault || (fault.phase !== phase && fault.phase !== '*') || !(fault.remaining > 0)) return null;
    tx.update(ref, { remaining: FieldValue.increment(-1), fired: FieldValue.increment(1) });
    if (fault.mode === 'delay') return { delayMs: Number(fault.ms ?? 0) };
    return fault.mode === 'exit' ? 'exit' : 'throw';
  });
  if (mode === 'exit') process.exit(1);
  if (mode !== null && typeof mode === 'object') return new Promise((resolve) => setTimeout(resolve, mode.delayMs));
  if (mode === 'throw') throw new InjectedFault(phase);
}
