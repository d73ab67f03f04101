// The one rule for ids that become Firestore document ids, as the event envelope and the ETL
// message apply it to rolloverId.
import { EtlMessage, RolloverId, describeZodError, documentId } from '../src';

test.each([
  ['a slash', 'a/b', /"\/"/],
  ['a single dot', '.', /"\."/],
  ['a double dot', '..', /"\.\."/],
  ['a reserved name', '__name__', /__\.\*__/],
  ['1,501 bytes', 'x'.repeat(1_501), /1500 bytes/],
  ['1,502 bytes of 2-byte characters', 'é'.repeat(751), /1500 bytes/],
])('a document id with %s is refused, naming the rule', (_name, id, message) => {
  const result = documentId().safeParse(id);
  expect(result.success).toBe(false);
  expect(describeZodError(result.error!).message).toMatch(message);
});

test.each([
  ['a plain id', 'r-1'],
  ['single underscores', '_x_'],
  ['a leading __ only', '__x'],
  ['a dot inside', 'a.b'],
  ['exactly 1,500 bytes', 'x'.repeat(1_500)],
  ['1,500 bytes of 2-byte characters', 'é'.repeat(750)],
])('%s is a valid document id', (_name, id) => {
  expect(documentId().safeParse(id).success).toBe(true);
});

test('a rolloverId leaves room for the ids derived from it', () => {
  expect(RolloverId.safeParse('x'.repeat(1_436)).success).toBe(true);
  expect(RolloverId.safeParse('x'.repeat(1_437)).success).toBe(false);
});

test('an ETL message with an unsafe rolloverId names the field', () => {
  const result = EtlMessage.safeParse({ rolloverId: 'a/b', eventId: 'e', attempt: 1 });
  expect(result.success).toBe(false);
  expect(describeZodError(result.error!).fields).toEqual(['rolloverId']);
});
