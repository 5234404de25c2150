/** A file the user dropped or chose, read in the page (no path needed) for calls that take base64. */

/** verifySignature/verifyCertificate accept up to 8,000,000 base64 characters: about 6 MB of file. */
export const MAX_INLINE_BYTES = 5_900_000;

export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export type DropKind = 'pfx' | 'signature' | 'certificate' | 'folder';

/** What a dropped item most likely is, from its name (a folder has no extension and no type). */
export function dropKind(name: string, isDirectory: boolean): DropKind {
  if (isDirectory) return 'folder';
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'pfx' || ext === 'p12') return 'pfx';
  if (ext === 'der' || ext === 'cer' || ext === 'crt' || ext === 'pem') return 'certificate';
  return 'signature';
}
