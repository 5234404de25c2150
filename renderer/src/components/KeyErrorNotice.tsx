import { useEffect } from 'react';
import type { BridgeError } from '../../../preload/errors';
import type { CertificateRow } from '../../../preload/types';
import { useI18n } from '../i18n';
import { locationLabel } from '../model/labels';
import { sortCopies } from '../model/copies';
import { useCertificates } from '../state/certificates';
import { ErrorNotice } from './ErrorNotice';

/** The errors that come from this copy's key file, not from the certificate itself. */
const KEY_ERRORS = new Set<BridgeError['code']>(['WRONG_PASSWORD', 'KEY_DAMAGED', 'KEY_MISMATCH', 'FILE_DAMAGED']);

/**
 * An error from opening a 공동인증서's private key. When another copy of the same certificate
 * exists, it says where: this copy may be the damaged one, and the other may open.
 */
export function KeyErrorNotice({ row, error }: { row: CertificateRow; error: BridgeError }) {
  const { t } = useI18n();
  const { rows, reload } = useCertificates();
  // The files went away under the open screen (folder renamed, USB pulled): a new scan shows where things are now.
  useEffect(() => {
    if (error.code === 'NOT_FOUND' || error.code === 'DRIVE_REMOVED') reload();
  }, [error, reload]);
  const others = KEY_ERRORS.has(error.code) && row.copyKey ? sortCopies(rows.filter((r) => r.copyKey === row.copyKey && r.id !== row.id && r.hasKey && r.kind === 'npki')) : [];
  return (
    <>
      <ErrorNotice error={error} compact />
      {others.length > 0 && (
        <div className="notice notice-info small" role="status">
          <p>{t(error.code === 'WRONG_PASSWORD' ? 'copies.maybeDamaged' : 'copies.useOther', { count: others.length })}</p>
          <ul>
            {others.map((o) => (
              <li key={o.id}>
                {locationLabel(o, t)} — <code>{o.path}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
