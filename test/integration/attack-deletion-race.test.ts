/**
 * A newsletter choice racing the account's deletion, from another tab of the owner's: it passed its token check
 * before the deletion ended the sessions, found the profile already erased, and looked the user up in Cognito just
 * before the user went. The profile it then makes would outlive the account, in the subscribers' index, and be
 * mailed. It must not stay.
 *
 * Both requests run in this process, their handlers held to their functions' item families, against the stack's
 * emulators through two taps that hold each call until the other request has reached its step: the choice's first
 * profile update waits until the deletion is about to remove the user, the removal waits until the choice has looked
 * the user up, and the choice's new profile waits until the deletion has finished.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { configure, invokeRoute } from './in-process';
import { logIn, PASSWORD, signUpAndConfirm, uniqueEmail } from './accounts-fixtures';
import { endpoints } from './client';
import type { Answer, TappedCall } from './tap';
import { startTap } from './tap';

const database = new DynamoDBClient({ region: 'us-east-1', endpoint: endpoints.dynamodb, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const closeTaps: (() => Promise<void>)[] = [];

/** A promise and what settles it: the steps of one request the other request's calls wait for. */
function step(): { reached: Promise<void>; reach: () => void } {
  let reach!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  return { reached, reach };
}

const deletionRemovesUser = step();
const choiceLookedUp = step();
const deletionDone = step();
/** The profile whose calls the table's tap holds; set once the account exists. */
let profileKey = '';
/** Whether the deletion has asked Cognito to remove the user. */
let removing = false;

const isCall = (call: TappedCall, action: string) => call.target?.endsWith(`.${action}`) === true;

beforeAll(async () => {
  const tableTap = await startTap(endpoints.dynamodb, async (call, forward): Promise<Answer> => {
    if (profileKey && call.body.includes(profileKey)) {
      if (isCall(call, 'UpdateItem')) await deletionRemovesUser.reached;
      if (isCall(call, 'PutItem')) await deletionDone.reached;
    }
    return forward();
  });
  const poolTap = await startTap(endpoints.cognito, async (call, forward): Promise<Answer> => {
    if (isCall(call, 'AdminDeleteUser')) {
      removing = true;
      deletionRemovesUser.reach();
      await choiceLookedUp.reached;
      return forward();
    }
    const answer = await forward();
    // The choice's lookup is the one while the removal waits (the deletion's own came first).
    if (isCall(call, 'AdminGetUser') && removing) choiceLookedUp.reach();
    return answer;
  });
  closeTaps.push(tableTap.close, poolTap.close);
  configure({ AWS_ENDPOINT_URL_DYNAMODB: tableTap.url, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: poolTap.url });
}, 30_000);

afterAll(async () => {
  for (const close of closeTaps) await close();
});

test('a profile made by a choice racing the deletion does not outlive the account', async () => {
  const email = uniqueEmail('race');
  await signUpAndConfirm(email);
  const { accessToken: deletingTab } = (await logIn(email)).body;
  const { accessToken: choosingTab } = (await logIn(email)).body;
  const sub = (JSON.parse(Buffer.from(choosingTab.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;
  profileKey = `USER#${sub}`;

  const choice = invokeRoute('newsletter/set-subscription', { token: choosingTab, body: { subscribed: true } });
  const deletion = invokeRoute('accounts/delete-account', { token: deletingTab, body: { password: PASSWORD } }).finally(deletionDone.reach);

  expect((await deletion).statusCode).toBe(204);
  const chosen = await choice;
  expect([chosen.statusCode, chosen.body.error?.code]).toEqual([401, 'unauthorized']);
  const { Item } = await database.send(new GetItemCommand({ TableName: 'pressroom', Key: { pk: { S: profileKey }, sk: { S: 'PROFILE' } }, ConsistentRead: true }));
  expect(Item).toBeUndefined();
}, 60_000);
