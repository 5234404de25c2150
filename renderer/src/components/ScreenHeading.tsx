import { useEffect, useRef, type ReactNode } from 'react';

/**
 * Each screen's h1. It takes focus when the screen opens, so keyboard and screen-reader users
 * land at the top of the new screen instead of on the sidebar button they pressed.
 */
export function ScreenHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement?.closest('.sidebar, .back-button')) ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 id="screen-title" ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
