// Input the ETL cannot digest is refused where it enters: a custodian id follows the rollover id's
// document-id rule (it becomes reaggregationProgress/{custodianId}), and a calendar day or month
// before the year 1000 is refused (year 0 does not exist in PostgreSQL; years 1-99 are read as 19xx
// by Date.UTC and its kin).
import {
  MonthlySummaryQuery,
  RolloverCompletedData,
  RolloverInitiatedData,
  calendarDay,
  describeZodError,
} from '../src';

const completed = (custodian: string) => ({
  transferId: 't-1',
  sourceCustodianId: custodian,
  destinationCustodianId: 'c-dst',
  amountCents: 100,
});

test.each([
  ['a slash', 'acme/east'],
  ['a reserved name', '__x__'],
  ['a double dot', '..'],
  ['1,501 bytes', 'c'.repeat(1_501)],
])('a custodian id with %s is refused, naming the field', (_name, custodian) => {
  const result = RolloverCompletedData.safeParse(completed(custodian));
  expect(result.success).toBe(false);
  expect(describeZodError(result.error!).fields).toEqual(['sourceCustodianId']);
});

test('the initiated event applies the same rule to both custodians', () => {
  const result = RolloverInitiatedData.safeParse({
    transferId: 't-1',
    sourceCustodianId: 'ok',
    destinationCustodianId: '__x__',
    participant: { participantId: 'p-1' },
    sourceAccount: { accountId: 'a-1', accountType: '401k' },
    destinationAccount: { accountId: 'a-2', accountType: 'ira' },
    requestedAmountCents: 100,
  });
  expect(describeZodError(result.error!).fields).toEqual(['destinationCustodianId']);
});

test.each([
  ['a plain id', 'custodian-alpha'],
  ['a space', 'acme east'],
  ['a #', 'acme#1'],
  ['non-ASCII', 'rückgabe'],
  ['300 characters', 'c'.repeat(300)],
])('a custodian id with %s is accepted', (_name, custodian) => {
  expect(RolloverCompletedData.safeParse(completed(custodian)).success).toBe(true);
});

test.each(['0000-01-01', '0001-01-01', '0099-12-31', '0999-12-31'])('the day %s is refused', (day) => {
  const result = calendarDay('from').safeParse(day);
  expect(result.success).toBe(false);
  expect(describeZodError(result.error!).message).toMatch(/from/);
});

test.each(['1000-01-01', '2026-02-28'])('the day %s is accepted', (day) => {
  expect(calendarDay('from').safeParse(day).success).toBe(true);
});

test.each(['0000-01', '0050-06', '0999-12'])('the month %s is refused', (month) => {
  expect(MonthlySummaryQuery.safeParse({ custodianId: 'c', month }).success).toBe(false);
});
