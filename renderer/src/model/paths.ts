/** Joins a folder and a name with the folder's own separator. */
export function joinPath(folder: string, name: string): string {
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? folder + name : folder + sep + name;
}

/** A name safe to offer as a file name (holders may contain / or :). */
export function safeFileName(name: string): string {
  const cleaned = [...name].map((ch) => (ch < ' ' || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('');
  return cleaned.slice(0, 120) || 'certificate';
}
