// The rollover's source events on its run's page, each payload folded under its id.
import type { AdminRunDetail } from '@trustrails/contracts';
import { formatTime as when } from '@/lib/format/format';
import styles from './run-detail.module.css';

export function RunEvents({ events }: { events: AdminRunDetail['events'] }) {
  return (
    <section className={styles.section}>
      <h2>Source events</h2>
      <table className={styles.table} data-testid="run-events">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Type</th>
            <th scope="col">Event id</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id} data-event-type={event.eventType}>
              <td>{when(event.at)}</td>
              <td>{event.eventType}</td>
              <td>
                <details>
                  <summary>
                    <code>{event.id}</code>
                  </summary>
                  <pre className={styles.payload}>{JSON.stringify(event.data, null, 2)}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
