/** Whether every pending build has failed: then nothing is being computed any more, and no page may say so. */
export const onlyFailed = (builds: readonly { state: string }[]): boolean => builds.length > 0 && builds.every((b) => b.state === 'failed');
