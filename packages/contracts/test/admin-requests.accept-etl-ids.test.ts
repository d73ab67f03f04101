// The admin API accepts every id the ETL accepts (the contracts' document-id rule), so a run with
// a space, `#`, non-ASCII or a long id can be viewed, retried, paged past and counted; ids the ETL
// refuses are refused here too. Dates before the year 1000 are refused (400), not passed on.
import { BackfillBody, ListRunsQuery, RetryBody, RunIdSegment, StatusCountsBody } from '../src';

const etlIds: [string, string][] = [
  ['a space', 'run with space'],
  ['a #', 'run#1'],
  ['non-ASCII', 'rückgabe-ü 日本'],
  ['300 characters', 'r'.repeat(300)],
  ['a percent sign', 'a%2Fb'],
];

test.each(etlIds)('a run id with %s is accepted wherever a run id is taken', (_name, id) => {
  expect(RetryBody.safeParse({ rolloverId: id }).success).toBe(true);
  expect(ListRunsQuery.safeParse({ pageToken: id }).success).toBe(true);
  expect(StatusCountsBody.safeParse({ rolloverIds: ['plain', id] }).success).toBe(true);
});

test.each(['acme east', 'acme#1', 'rückgabe'])('custodian id %s is accepted', (id) => {
  expect(ListRunsQuery.safeParse({ custodianId: id }).success).toBe(true);
});

test.each([
  ['a slash', 'a/b'],
  ['a reserved name', '__x__'],
  ['a double dot', '..'],
  ['1,500 bytes', 'r'.repeat(1_500)],
])('a run id with %s, which the ETL refuses, is refused', (_name, id) => {
  expect(RetryBody.safeParse({ rolloverId: id }).success).toBe(false);
});

test.each([
  ['0000-01-01', '0000-02-01'],
  ['0050-01-01', '0050-02-01'],
  ['0999-01-01T00:00:00Z', '0999-02-01T00:00:00Z'],
])('a backfill from %s is refused', (from, to) => {
  expect(BackfillBody.safeParse({ from, to }).success).toBe(false);
  expect(ListRunsQuery.safeParse({ from, to }).success).toBe(false);
});

test('a run id in a path is decoded once; a malformed escape is a 400-style refusal, not a throw', () => {
  expect(RunIdSegment.parse('run%20with%20space%20%231%20r%C3%BCckgabe')).toBe('run with space #1 rückgabe');
  expect(RunIdSegment.safeParse('%E0%A4%A').success).toBe(false);
  expect(RunIdSegment.safeParse('a%2Fb').success).toBe(false);
});
