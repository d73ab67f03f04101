// schema.gql gives Transfer.status @default(value: "processing"), so the core write can leave the
// status out and never move it backwards; the column gets the same default here.
export const transferStatusDefault = `ALTER TABLE transfer ALTER COLUMN status SET DEFAULT 'processing';`;
