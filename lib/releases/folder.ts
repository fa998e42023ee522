/** The folder inside a release's zip and the zip's file name: `<project>-v<N>` (the project's slug as recorded at lock). */
export function releaseFolder(slug: string, version: number): string {
  return `${slug}-v${version}`;
}
