import { render } from 'preact';
import { connect } from './api/client';
import { App } from './app';
import { endSessionsTheApiEnded, resumeSession } from './sign-in';

await connect();
endSessionsTheApiEnded();
await resumeSession();
render(<App />, document.getElementById('app')!);
