/**
 * Copies of one certificate told apart: where each lives and what its key file is, in a stable
 * order (by folder), and the lines of "compare copies" that differ. Which copies open comes from
 * main (tryCopies): the password is tried there, only the outcome comes back.
 */
import type { CertificateDetails } from '../../../preload/types';
import type { CertificateResults } from '../../../preload/areas/certificates';
import { formatDateTime } from '../format';
import type { Translate } from '../i18n/translate';

export type CopyView = CertificateDetails['copies'][number];
export type CopyTrial = CertificateResults['tryCopies']['results'][number];

/** By folder: the same order on every visit, whatever order the scan found them in. */
export function sortCopies<T extends { path: string }>(copies: readonly T[]): T[] {
  return [...copies].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The medium in words: this computer, the USB stick by its label, or an added folder. */
export function mediumText(copy: CopyView, t: Translate): string {
  return copy.location.kind === 'drive' ? `${t('location.drive')} · ${copy.location.driveLabel ?? copy.location.label}` : t(`location.${copy.location.kind}`);
}

export function keyFormatText(copy: CopyView, t: Translate): string {
  if (!copy.keyFile) return t('copies.noKey');
  return copy.keyFile.format ?? t('copies.keyUnreadable');
}

export function iterationsText(copy: CopyView): string {
  return copy.keyFile?.iterations ? String(copy.keyFile.iterations) : '—';
}

export function fingerprintText(copy: CopyView): string {
  return copy.keyFile?.fingerprint ?? '—';
}

export function modifiedText(copy: CopyView): string {
  return formatDateTime(copy.keyFile?.modifiedAt ?? null);
}

function randomNumText(trial: CopyTrial | undefined, t: Translate): string {
  if (!trial || trial.hasRandomNum === null) return t('copies.randomNum.unknown');
  return t(trial.hasRandomNum ? 'copies.randomNum.yes' : 'copies.randomNum.no');
}

export const COPY_FIELDS = ['keyFingerprint', 'keyFormat', 'iterations', 'randomNum', 'keyModified', 'folder', 'medium'] as const;
export type CopyField = (typeof COPY_FIELDS)[number];

export interface CopyLine {
  field: CopyField;
  values: string[];
}

function copyValue(field: CopyField, copy: CopyView, trial: CopyTrial | undefined, t: Translate): string {
  switch (field) {
    case 'keyFingerprint':
      return fingerprintText(copy);
    case 'keyFormat':
      return keyFormatText(copy, t);
    case 'iterations':
      return iterationsText(copy);
    case 'randomNum':
      return randomNumText(trial, t);
    case 'keyModified':
      return modifiedText(copy);
    case 'folder':
      return copy.path;
    case 'medium':
      return mediumText(copy, t);
  }
}

/**
 * The lines of "compare copies" whose values differ between the copies (in `copies`' order).
 * randomNum is known only after the password opened a copy: until then it is no line.
 */
export function differingCopyLines(copies: readonly CopyView[], trials: readonly CopyTrial[], t: Translate): CopyLine[] {
  const byId = new Map(trials.map((trial) => [trial.id, trial]));
  return COPY_FIELDS.flatMap((field) => {
    if (field === 'randomNum' && !trials.some((trial) => trial.hasRandomNum !== null)) return [];
    const values = copies.map((copy) => copyValue(field, copy, byId.get(copy.id), t));
    return new Set(values).size > 1 ? [{ field, values }] : [];
  });
}
