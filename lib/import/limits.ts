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
