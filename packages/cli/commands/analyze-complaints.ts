// `promisegap analyze-complaints`: JSON Lines { id, text } on stdin → one analysis line per input, in order.

import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { analyzeComplaint } from '../../complaints/index.ts';

/** One output line for one input line; a bad line becomes a line with `error`, and the stream goes on. */
export const analyzeLine = (line: string, lineNumber: number): string => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return JSON.stringify({ id: null, line: lineNumber, error: `line ${lineNumber}: not JSON (${reason})` });
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const rawId = record.id;
  const id = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : null;
  if (typeof record.text !== 'string') {
    return JSON.stringify({ id, line: lineNumber, error: `line ${lineNumber}: "text" must be a string` });
  }
  const { isComplaint, categories, durations, sentiment } = analyzeComplaint(record.text);
  return JSON.stringify({ id, isComplaint, categories, durations, sentiment });
};

export const register = (program: Command): void => {
  program
    .command('analyze-complaints')
    .description('Reads JSON Lines {"id","text"} on stdin and prints one analysis per line, in order.')
    .option('--format <format>', 'output format (jsonl)', 'jsonl')
    .action(async (options: { format: string }) => {
      if (options.format !== 'jsonl') {
        process.stderr.write(`promisegap: --format must be jsonl, got "${options.format}"\n`);
        process.exitCode = 2;
        return;
      }
      const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
      let n = 0;
      let out: string[] = [];
      for await (const line of lines) {
        n++;
        if (!line.trim()) continue;
        out.push(analyzeLine(line, n));
        if (out.length >= 256) {
          if (!process.stdout.write(`${out.join('\n')}\n`)) {
            await new Promise((resolve) => process.stdout.once('drain', resolve));
          }
          out = [];
        }
      }
      if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
    });
};
