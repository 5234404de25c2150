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
export async function signRequest<R extends SignFiles, T>(ctx: AppContext, request: R, sign: (resolved: Omit<R, 'content' | 'outFile'> & ResolvedSign) => Promise<T>): Promise<T> {
  const { content: given, outFile, ...rest } = request; // rest: the signing options (encoding, detached, includeChain…)
  const content = 'file' in given ? { path: ctx.files.handles.resolve(given.file, 'sign-input') } : given;
  const base = { ...rest, content };
  if (!outFile) return sign(base);
  return ctx.files.use(outFile, 'sign-output', (outPath) => sign({ ...base, outPath }));
}
