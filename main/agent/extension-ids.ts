/**
 * The one list of Dojang's browser extension IDs: the native-host manifests (install.ts) allow only
 * these, and the native host refuses any other caller. The first is the unpacked extension's ID,
 * fixed by the public `key` in web/extension/manifest.json (extension-ids.test.ts derives it); the
 * Chrome Web Store and Edge Add-ons IDs join here when the extension is published (the store signs
 * with its own key, so its ID differs and the store build drops `key`).
 */
export const EXTENSION_IDS: readonly string[] = ['hnlbalhdlfhipnmnmopojfefabjgecgg'];

/** How Chromium names an extension to its native host (the host's first argument, `allowed_origins`). */
export function extensionOrigin(id: string): string {
  return `chrome-extension://${id}/`;
}
