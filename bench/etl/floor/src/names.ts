// Where the floor pipeline reads and writes, shared by its functions and by bench/etl/floor.ts.
// Its own collection, so each pipeline sees only its own rollovers and neither triggers the other.
export const FLOOR_EVENTS = 'floorEvents';
export const FLOOR_TOPIC = 'etl-floor';
export const FLOOR_VERSION = 'floor';
