/**
 * A start that fails says what failed, in the person's language, instead of exiting silently: a
 * native error box on Electron (shown even before a window exists), the details in the log.
 */
import { isDojangError } from '../../common/errors.js';

const WHAT = {
  EACCES: { ko: '데이터 폴더에 쓸 수 없습니다', en: 'Dojang cannot write to its data folder' },
  EROFS: { ko: '데이터 폴더가 읽기 전용입니다', en: 'Dojang’s data folder is read-only' },
  ENOSPC: { ko: '디스크가 가득 찼습니다', en: 'The disk is full' },
  CONFLICT: { ko: '다른 도장이 데이터 폴더를 쓰고 있습니다', en: 'Another Dojang is using the data folder' },
} as const;

export function describeStartupFailure(error: unknown, dataDir: string): { title: string; content: string } {
  const code = isDojangError(error) ? error.code : ((error as NodeJS.ErrnoException | null)?.code ?? '');
  const what = WHAT[code as keyof typeof WHAT];
  const reason = error instanceof Error ? error.message : String(error);
  return {
    title: 'Dojang 도장',
    content: [
      `도장을 시작하지 못했습니다${what ? `: ${what.ko}` : ''}.`,
      `Dojang could not start${what ? `: ${what.en}` : ''}.`,
      '',
      reason,
      '',
      `데이터 폴더 / data folder: ${dataDir}`,
    ].join('\n'),
  };
}
