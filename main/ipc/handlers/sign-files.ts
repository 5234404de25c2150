import type { AppContext } from '../../app/context.js';
import type { TextEncoding } from '../../npki/text.js';

interface SignFiles {
  content: { text: string } | { file: string };
  encoding: TextEncoding;
  detached: boolean;
  outFile?: string | undefined;
}

export interface ResolvedSign {
  content: { text: string } | { path: string };
  encoding: TextEncoding;
  detached: boolean;
  outPath?: string;
}

/**
 * Local and cloud signing take a file to sign ('sign-input') and where to save ('sign-output') as
 * handles; the signing modules keep their path-taking form (the CLI's).
 */
export async function signRequest<T>(ctx: AppContext, request: SignFiles, sign: (resolved: ResolvedSign) => Promise<T>): Promise<T> {
  const content = 'file' in request.content ? { path: ctx.files.handles.resolve(request.content.file, 'sign-input') } : request.content;
  const base = { content, encoding: request.encoding, detached: request.detached };
  if (!request.outFile) return sign(base);
  return ctx.files.use(request.outFile, 'sign-output', (outPath) => sign({ ...base, outPath }));
}
