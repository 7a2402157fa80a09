import { render } from 'preact';
import { connect } from './api/client';
import { App } from './app';
import { resumeSession } from './sign-in';

await connect();
await resumeSession();
render(<App />, document.getElementById('app')!);
