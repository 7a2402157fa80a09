// Imported before any handler code by a test that reads log lines: the logger takes its level from the environment
// when it is made, and goes back to it at every invocation (Powertools' log sampling).
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
