/**
 * The renderer's entry, kept tiny: the first screen's calls leave as soon as this file is fetched
 * (state/first-calls.ts), while the app itself (React, the screens) is a chunk of its own that
 * index.html already preloads (vite.config.ts), so its download overlaps the calls.
 */
import './state/first-calls';
import './styles.css';

void import('./start-app');
