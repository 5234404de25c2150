/**
 * The GitHub Actions workflows cannot run here, so they are checked here: each file is parsed and
 * validated against the Actions workflow schema by @actions/workflow-parser (GitHub's own parser),
 * then converted to a workflow template (which resolves jobs, needs and matrix references).
 */
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '../../.github/workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

async function problems(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length > 0 || !parsed.value) return errors.length > 0 ? errors : ['empty workflow'];
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return (template.errors ?? []).map((e) => e.Message);
}

describe('GitHub Actions workflows', () => {
  it('there are the CI and the release workflows', () => {
    expect(files.sort()).toEqual(['ci.yml', 'release.yml']);
  });

  it.each(files)('%s parses and matches the workflow schema', async (file) => {
    expect(await problems(file, readFileSync(path.join(dir, file), 'utf8'))).toEqual([]);
  });

  it('the validator catches a broken workflow (unknown key, missing runs-on, bad needs)', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    steps:',
      '      - run: echo',
      '    runz-on: x',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    needs: nope',
      '    steps:',
      '      - run: echo',
    ].join('\n');
    expect((await problems('broken.yml', broken)).length).toBeGreaterThan(0);
  });

  it('CI runs on Windows, macOS and Linux with Node 22 and the journeys on Electron', () => {
    const ci = readFileSync(path.join(dir, 'ci.yml'), 'utf8');
    for (const os of ['ubuntu-latest', 'windows-latest', 'macos-latest']) expect(ci).toContain(`os: ${os}`);
    expect(ci).toContain('node-version: 22');
    expect(ci).toContain('DOJANG_E2E_HOST: electron');
    expect(ci).toMatch(/xvfb-run .*scripts\/test\.mjs e2e/);
  });
});
