/** Dates as YYYY.MM.DD in local time, the form Korean users read on every certificate screen. */
export function formatDate(iso: string | number | null): string {
  if (iso === null || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}.${pad(date.getMonth() + 1)}.${pad(date.getDate())}`;
}

/** YYYY.MM.DD HH:mm, for events (deletions, devices last used, signing time). */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatDate(iso)} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A serial number or fingerprint as colon-separated byte pairs, upper case. */
export function formatHex(hex: string | null): string {
  if (!hex) return '—';
  const clean = hex.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return (clean.length % 2 ? '0' + clean : clean).replace(/(..)(?=.)/g, '$1:');
}
