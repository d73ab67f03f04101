// The browser's network events for the refresh loop: window `offline` and `online`, which the
// loop feeds to its state step like the connection's own events.
import type { NetworkEvents } from './controller';

export const browserNetwork: NetworkEvents = {
  subscribe(listener) {
    const online = () => listener(true);
    const offline = () => listener(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  },
};
