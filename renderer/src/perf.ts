/**
 * Performance marks the UI benchmark (bench/ui.ts) reads: 'dojang:list-rendered' once, when the
 * certificate list first commits with data; 'dojang:filter' measures, one per filter keystroke,
 * from the input event to the commit of the filtered list.
 */
let listMarked = false;
let filterPending = false;

export function markListRendered(): void {
  if (listMarked) return;
  listMarked = true;
  performance.mark('dojang:list-rendered');
}

export function markFilterInput(): void {
  filterPending = true;
  performance.mark('dojang:filter-input');
}

export function markFilterRendered(): void {
  if (!filterPending) return;
  filterPending = false;
  performance.mark('dojang:filter-rendered');
  performance.measure('dojang:filter', 'dojang:filter-input', 'dojang:filter-rendered');
}
