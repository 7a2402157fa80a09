/**
 * Attack 8 of the security review, performed on the local stack: code running as a public catalogue function
 * asks the table for a reader's profile, the subscribers, a code. The stack holds every request of a running
 * handler to its function's item families, as the role's dynamodb:LeadingKeys condition does on AWS, so the
 * attempts get AccessDeniedException while the handlers themselves, within their families, answer as usual.
 */
import { configure, invokeRoute } from './in-process';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { sampleArticles } from '../../local/sample-content';
import { guardTableClient, runAs } from '../../local/table-guard';
import { NEWSLETTER_SENDER } from '../../functions/routes';
import { readerTokens } from './tokens';
import type * as Profiles from '../../functions/accounts/profile';
import type * as CatalogueStore from '../../functions/catalogue/store';
import type * as HandlersTable from '../../functions/common/aws/dynamodb';

configure({});
// Loaded after `configure`: these modules read their configuration when first imported.
/* eslint-disable @typescript-eslint/no-require-imports */
const { dynamodb, tableName } = require('../../functions/common/aws/dynamodb') as typeof HandlersTable;
const { profileItem, SUBSCRIBERS } = require('../../functions/accounts/profile') as typeof Profiles;
const { findVideo } = require('../../functions/catalogue/store') as typeof CatalogueStore;
/* eslint-enable @typescript-eslint/no-require-imports */
guardTableClient(dynamodb);

const CATALOGUE = ['catalogue/list-articles', 'catalogue/get-article', 'catalogue/get-video'];
const refused = { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } };
const videoId = sampleArticles[0]!.videos[0]!.id;

/** A reader with a profile in the table, as confirming an account leaves one (not subscribed: other tests' campaigns must not mail it). */
async function readerWithProfile() {
  const { accessToken } = await readerTokens();
  const sub = (JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;
  const profile = { email: `${sub}@example.org`, name: 'Attacked Reader', createdAt: new Date().toISOString(), newsletter: false };
  // Sent outside any function (as the tests' own requests are): not held to a role.
  await dynamodb.send(new PutCommand({ TableName: tableName, Item: profileItem(sub, profile) }));
  return { sub, accessToken, key: { pk: `USER#${sub}`, sk: 'PROFILE' } };
}

describe('a catalogue function reaching for other families', () => {
  it("gets no reader's profile, while GET /me, whose family it is, still reads it", async () => {
    const reader = await readerWithProfile();
    const profile = new GetCommand({ TableName: tableName, Key: reader.key });
    for (const handler of CATALOGUE) {
      await expect(runAs(handler, () => dynamodb.send(profile))).rejects.toMatchObject(refused);
    }
    const me = await invokeRoute<{ name?: string }>('accounts/me', { token: reader.accessToken });
    expect({ status: me.statusCode, name: me.body.name }).toEqual({ status: 200, name: 'Attacked Reader' });
    const { Item } = await runAs('accounts/me', () => dynamodb.send(profile));
    expect(Item?.name).toBe('Attacked Reader');
  });

  it('cannot list the subscribers through the index, which the sender can', async () => {
    const subscribers = new QueryCommand({
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :subscribers',
      ExpressionAttributeValues: { ':subscribers': SUBSCRIBERS },
      Limit: 1,
    });
    for (const handler of CATALOGUE) {
      await expect(runAs(handler, () => dynamodb.send(subscribers))).rejects.toMatchObject(refused);
    }
    await expect(runAs(NEWSLETTER_SENDER, () => dynamodb.send(subscribers))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });

  it('cannot read a code or a rate counter, even one that does not exist', async () => {
    for (const pk of ['CODE#signup#0000', 'RATE#codes#0000']) {
      await expect(runAs('catalogue/get-video', () => dynamodb.send(new GetCommand({ TableName: tableName, Key: { pk, sk: pk.split('#')[0] } })))).rejects.toMatchObject(refused);
    }
  });

  it("serves its own family: the handler answers, and the store works as its function but not as another's", async () => {
    const answer = await invokeRoute<{ id: string }>('catalogue/get-video', { params: { id: videoId } });
    expect({ status: answer.statusCode, id: answer.body.id }).toEqual({ status: 200, id: videoId });
    expect((await runAs('catalogue/get-video', () => findVideo(videoId)))?.id).toBe(videoId);
    // A store used by a function that did not declare its family fails: the test of a forgotten declaration.
    await expect(runAs('catalogue/list-articles', () => findVideo(videoId))).rejects.toMatchObject(refused);
  });
});
