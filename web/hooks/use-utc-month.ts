'use client';
// The current UTC month, which changes on its own at the month boundary while the page stays open.
import { useEffect, useState } from 'react';
import { currentMonth } from '@trustrails/contracts/months';
import { nextMonthCheckMs } from '@/lib/analytics/utc-month';

export function useUtcMonth(initialMonth: string): string {
  const [month, setMonth] = useState(initialMonth);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const check = () => {
      setMonth(currentMonth());
      timer = setTimeout(check, nextMonthCheckMs(new Date()));
    };
    // The server rendered `initialMonth`; the browser's clock may already be past it.
    check();
    return () => clearTimeout(timer);
  }, []);
  return month;
}
