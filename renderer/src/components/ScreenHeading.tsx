import { useEffect, useRef, type ReactNode } from 'react';

/** The first screen after launch leaves focus alone (the skip link comes first). */
let launched = false;

/**
 * Each screen's h1. It takes focus when the user opens another screen, so keyboard and
 * screen-reader users land at the top of it instead of on the button they pressed.
 */
export function ScreenHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const first = !launched;
    launched = true;
    if (first) return;
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('.sidebar, .back-button, .row-open, .tl-row')) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 id="screen-title" ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
