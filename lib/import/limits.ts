/**
 * Limits of a rubric import (web upload and CLI alike). Far above the open NOHARM set (largest file
 * 13 KB, 47 options, presentation 816 and recommendations 1,063 characters, option text 170,
 * nesting 5 levels), low enough that one request cannot tie up the server.
 */
export const IMPORT_LIMITS = {
  /** Bytes of one file. */
  fileBytes: 2 * 1024 * 1024,
  /** Bytes of all files of one upload (Next's server action body limit in next.config.ts is the same). */
  totalBytes: 20 * 1024 * 1024,
  /** Files in one upload. */
  files: 500,
  /** Options of one case. */
  optionsPerCase: 500,
  /** Characters of the case presentation and of the recommendations. */
  presentationChars: 20_000,
  recommendationsChars: 20_000,
  /** Characters of an option's text. */
  optionTextChars: 2_000,
  /** Characters of any other string in a rubric (keys included). */
  otherStringChars: 20_000,
  /** Nesting of arrays and objects. */
  depth: 64,
  /** Problems listed per file; the rest are counted. */
  problemsPerFile: 20,
} as const;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KB`;
  return `${bytes} bytes`;
}

/** Refusals that need only names and sizes (checked before reading: on the server, and in the browser before sending). */
export function checkUploadSize(files: ReadonlyArray<{ name: string; size: number }>): Array<{ file: string; path: string; message: string }> {
  const problems: Array<{ file: string; path: string; message: string }> = [];
  if (files.length > IMPORT_LIMITS.files) problems.push({ file: '(all files)', path: '$', message: `${files.length} files; one import takes at most ${IMPORT_LIMITS.files}` });
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > IMPORT_LIMITS.totalBytes) problems.push({ file: '(all files)', path: '$', message: `${formatBytes(total)} in all; one import takes at most ${formatBytes(IMPORT_LIMITS.totalBytes)}` });
  for (const file of files) {
    if (file.size > IMPORT_LIMITS.fileBytes) problems.push({ file: file.name, path: '$', message: `the file is ${formatBytes(file.size)}; a rubric file may be at most ${formatBytes(IMPORT_LIMITS.fileBytes)}` });
  }
  return problems;
}

