// `promisegap extract [--format json] FILE...`: the promises and claims of each file or URL, one
// object for one input, an array for several, in the order given. A file that cannot be read gets
// an object with `error` and the others are still extracted; the exit code is 1 only when every input failed.

import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ExtractionResult } from '../../core/index.ts';

type FetchDocument = typeof import('../../crawl/index.ts').fetchDocument;

// The crawler (undici, address guard) is loaded only when a URL is given, so reading local files
// stays light at startup.
const loadFetchDocument = async (): Promise<FetchDocument> =>
  (await import('../../crawl/index.ts')).fetchDocument;

type Output = ExtractionResult | { source: string; promises: []; claims: []; error: string };

const extractOne = async (target: string, fetchDocument: () => Promise<FetchDocument>): Promise<Output> => {
  const { extractDocument } = await import('../../extract/index.ts');
  try {
    if (/^https?:\/\//i.test(target)) {
      const fetched = await (await fetchDocument())(target, { allowPrivateAddresses: false });
      return await extractDocument({
        source: target,
        body: fetched.body,
        contentType: fetched.contentType,
        charset: fetched.charset,
        fileName: new URL(fetched.url).pathname,
      });
    }
    const body = await readFile(target);
    return await extractDocument({ source: target, body: new Uint8Array(body), fileName: target });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { source: target, promises: [], claims: [], error: message };
  }
};

export const register = (program: Command): void => {
  program
    .command('extract')
    .description(
      'Extracts the measurable promises and unmeasurable claims of HTML, PDF or text files (or http(s) URLs).',
    )
    .argument('<files...>', '.html/.htm, .txt or .pdf files, or http(s) URLs')
    .option('--format <format>', 'output format (json)', 'json')
    .action(async (files: string[], options: { format: string }) => {
      if (options.format !== 'json') {
        process.stderr.write(`promisegap: --format must be json, got "${options.format}"\n`);
        process.exitCode = 2;
        return;
      }
      let fetcher: Promise<FetchDocument> | undefined;
      const fetchDocument = () => {
        fetcher ??= loadFetchDocument();
        return fetcher;
      };
      const results: Output[] = [];
      for (const file of files) {
        const result = await extractOne(file, fetchDocument);
        if ('error' in result) process.stderr.write(`promisegap extract: ${result.error}\n`);
        results.push(result);
      }
      const failed = results.every((r) => 'error' in r);
      process.stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
      if (failed) process.exitCode = 1;
    });
};
