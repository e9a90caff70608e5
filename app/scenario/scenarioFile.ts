/**
 * Scenario files (issue #6): saving the scenario being edited as a Markdown file and opening one
 * from disk — the way to share a scenario too long for a link (`shareLinkTooLong`). Everything
 * stays in the browser: a Blob URL and `<a download>` to save, an `<input type=file>` to open.
 *
 * Invariant: an opened file's text is at most SCENARIO_CHARS_MAX characters (the same cap as a
 * share link's scenario); a larger file is refused with an error naming the file and sizes.
 */
import { SCENARIO_CHARS_MAX } from '../../engine/scenario/types';

/** Longest slug (characters) in a downloaded file's name. */
const SLUG_CHARS_MAX = 60;
/** A file at most this many bytes may hold ≤ SCENARIO_CHARS_MAX characters; larger is refused unread. */
const SCENARIO_FILE_BYTES_MAX = 4 * SCENARIO_CHARS_MAX;
/** Names Windows refuses as a file's base name. */
const RESERVED_NAMES = /^(con|prn|aux|nul|com\d|lpt\d)$/;

/**
 * A file-name slug for a scenario title: lower case, accents dropped, runs of anything but
 * letters and digits turned into one `-`, no leading/trailing `-`, at most 60 characters;
 * `scenario` when nothing is left. Letters of any script are kept (`分区` stays `分区`).
 * `slugify('Paxos & Failover: 3 zones!')` → `paxos-failover-3-zones`.
 */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const cut = Array.from(slug).slice(0, SLUG_CHARS_MAX).join('').replace(/-+$/, '');
  if (cut === '') return 'scenario';
  return RESERVED_NAMES.test(cut) ? `${cut}-scenario` : cut;
}

/** The name a scenario titled `title` is saved under: `<slug>.md`. */
export function scenarioFileName(title: string): string {
  return `${slugify(title)}.md`;
}

/**
 * Saves the scenario document as `<slug of title>.md` (text/markdown, UTF-8) through the
 * browser's download: a Blob URL on a temporary `<a download>`, clicked, then removed and revoked.
 */
export function downloadScenario(text: string, title: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/markdown;charset=utf-8' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = scenarioFileName(title);
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoke after the click has been handled (some browsers start the download asynchronously).
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Reads a picked or dropped file as a scenario document (UTF-8). Rejects with an Error naming the
 * file when it holds more than SCENARIO_CHARS_MAX characters (files over 4 × that many bytes are
 * refused without being read).
 */
export async function readScenarioFile(file: Blob & { name: string }): Promise<{ name: string; text: string }> {
  if (file.size > SCENARIO_FILE_BYTES_MAX) {
    throw new Error(`${file.name} is too large for a scenario: ${file.size} bytes (at most ${SCENARIO_CHARS_MAX} characters)`);
  }
  const text = await file.text();
  if (text.length > SCENARIO_CHARS_MAX) {
    throw new Error(`${file.name} is too large for a scenario: ${text.length} characters (at most ${SCENARIO_CHARS_MAX})`);
  }
  return { name: file.name, text };
}

/**
 * Asks the user for a scenario file (`<input type=file accept=".md,text/markdown">`). Resolves
 * with its name and text, or null when the user cancels; rejects (readScenarioFile) when the file
 * is too large or cannot be read.
 */
export function pickScenarioFile(): Promise<{ name: string; text: string } | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.md,text/markdown';
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const file = input.files?.[0] ?? null;
      input.remove();
      if (file === null) resolve(null);
      else readScenarioFile(file).then(resolve, reject);
    });
    input.addEventListener('cancel', () => {
      input.remove();
      resolve(null);
    });
    document.body.append(input);
    input.click();
  });
}
