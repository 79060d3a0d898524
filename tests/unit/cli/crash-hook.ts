/**
 * Test-only preload (`node --import`) for `liqmap record`: SIGUSR2 makes the process fail as a
 * bug of its own would, by an exception nobody catches or (LIQMAP_TEST_CRASH=rejection) a
 * promise rejection nobody handles (`twice`: two exceptions). The recorder itself has no test hook.
 */
process.on('SIGUSR2', () => {
  const mode = process.env.LIQMAP_TEST_CRASH;
  if (mode === 'rejection') void Promise.reject(new Error('test fault: a rejection nobody handled'));
  else setTimeout(() => { throw new Error('test fault: an exception nobody caught'); });
  // A second fault while the first one's stop writes (twice): said, not a second stop.
  if (mode === 'twice') setTimeout(() => { throw new Error('test fault: a second exception'); });
});
