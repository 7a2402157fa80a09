/**
 * `npm run upload -- <file> --article <articleId> --rendition broadcast`: the editors' uploader. It talks only to
 * the Pressroom API: log in, create the video (unless --video), start the rendition's multipart upload, PUT the
 * parts to their presigned URLs a few at a time, then complete. What is done is saved after every part, so running
 * the same command again after a failure or Ctrl-C uploads only the missing parts.
 *
 * This file is the program around the upload (upload-run.ts): the command line, the signals, the exit code and
 * what is said when it fails.
 *
 * Exit codes: 0 done (the Video is printed on stdout as JSON), 1 failed, 2 usage or settings, 130 interrupted
 * (143 on SIGTERM), 75 only from the PRESSROOM_UPLOAD_FAIL_AFTER_PARTS test hook.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { partCount } from '../functions/editorial/multipart';
import { ApiError, ConfigError, loadApiConfig, PressroomApi, pressroomHome } from './pressroom-api';
import { parseUploadArgs, USAGE, UsageError } from './upload-args';
import { UploadError } from './upload-errors';
import { shellQuote } from './upload-format';
import type { LocalFile, UploadRun } from './upload-run';
import { runUpload } from './upload-run';
import { readState, stateFilePath } from './upload-state';

/** An upload as the command line and the settings describe it, before it is told where to report. */
type PreparedRun = Omit<UploadRun, 'output' | 'onPartSaved'>;

/**
 * Exits once stdout is written out (it may be a pipe). Exiting rather than waiting for the event loop to drain:
 * fetch keeps idle connections open for a while after the last call.
 */
function exit(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

function statFile(path: string): LocalFile {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new UsageError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
  }
  if (!stats.isFile()) throw new UsageError(`${path} is not a file.`);
  if (stats.size === 0) throw new UsageError(`${path} is empty.`);
  return { path, size: stats.size, mtimeMs: stats.mtimeMs };
}

/** The upload to run, or the exit code when there is none: 0 after the help, 2 after a usage or settings error. */
function prepareRun(argv: readonly string[], signal: AbortSignal): PreparedRun | number {
  try {
    const command = parseUploadArgs(argv);
    if (command.kind === 'help') {
      console.log(USAGE);
      return 0;
    }
    const { options } = command;
    const file = statFile(resolve(options.file));
    const home = pressroomHome(process.env, process.cwd());
    const api = new PressroomApi(loadApiConfig(process.env, home), signal);
    return { options, api, file, statePath: stateFilePath(home, file, options.rendition), signal };
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

/**
 * Ctrl-C (or SIGTERM) aborts the requests in flight; what is done stays saved. A second signal quits at once.
 * Returns what tells the exit code of the signal that came, if one did: the shell's for death by that signal,
 * 128 + its number.
 */
function abortOnSignals(controller: AbortController): () => number | undefined {
  let interrupted: number | undefined;
  const interrupt = (code: number) => {
    if (interrupted !== undefined) process.exit(interrupted);
    interrupted = code;
    controller.abort();
  };
  process.on('SIGINT', () => interrupt(130));
  process.on('SIGTERM', () => interrupt(143));
  return () => interrupted;
}

/**
 * Test hook, for the uploader's tests only: PRESSROOM_UPLOAD_FAIL_AFTER_PARTS=N makes the process exit with code 75
 * (EX_TEMPFAIL) right after the Nth part of this run is saved, as if it were killed mid-upload.
 */
function failAfterPartsHook(): Pick<UploadRun, 'onPartSaved'> {
  const failAfterParts = Number(process.env.PRESSROOM_UPLOAD_FAIL_AFTER_PARTS) || undefined;
  if (!failAfterParts) return {};
  return {
    onPartSaved: (saved: number) => {
      if (saved < failAfterParts) return;
      process.stderr.write(`\nPRESSROOM_UPLOAD_FAIL_AFTER_PARTS: stopping after ${saved} parts.\n`);
      process.exit(75);
    },
  };
}

function reportInterrupted(run: PreparedRun, argv: readonly string[]): void {
  const state = readState(run.statePath).state;
  const done = state ? Object.keys(state.parts).length : 0;
  const total = state?.partSize ? partCount(run.file.size, state.partSize) : undefined;
  console.error(
    `\nInterrupted${total !== undefined ? `: ${done} of ${total} parts are uploaded` : ''}. ` +
      `Run the same command again to resume:\n  npm run upload -- ${argv.map(shellQuote).join(' ')}`,
  );
}

/** The failure, then what running the same command again will do with what was saved. */
function reportFailure(error: unknown, statePath: string): void {
  if (error instanceof ApiError || error instanceof UploadError) {
    console.error(`Upload failed. ${error.message}`);
  } else {
    console.error('Upload failed:', error);
  }
  const state = readState(statePath).state;
  if (state && Object.keys(state.parts).length > 0) {
    console.error(`${Object.keys(state.parts).length} parts are uploaded and saved: run the same command again to resume.`);
  } else if (state) {
    console.error(`Running the same command again continues with video ${state.videoId}.`);
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  const run = prepareRun(argv, controller.signal);
  if (typeof run === 'number') return run;
  const interruptedWith = abortOnSignals(controller);
  try {
    const video = await runUpload({ ...run, output: process.stderr, ...failAfterPartsHook() });
    console.log(JSON.stringify(video, null, 2));
    return 0;
  } catch (error) {
    const signalCode = interruptedWith();
    if (signalCode !== undefined) {
      reportInterrupted(run, argv);
      return signalCode;
    }
    reportFailure(error, run.statePath);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(exit, (error: unknown) => {
    console.error('Upload failed:', error);
    exit(1);
  });
}
