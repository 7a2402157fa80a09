/**
 * What Lambda's event source mapping does for the table's stream, on the local stack: read new records from
 * DynamoDB Local's stream and hand them to the stream's function in batches, retrying a batch until it succeeds.
 * Like a new mapping on AWS, it starts at the stream's end (LATEST).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import type { _Record , DynamoDBStreamsClient} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';

const POLL_MS = 200;

export interface StreamPoller {
  stop(): void;
}

export async function pollTableStream(options: {
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  deliver: (records: _Record[]) => Promise<unknown>;
  onError: (error: unknown) => void;
}): Promise<StreamPoller> {
  const { Table } = await options.dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`The table ${options.tableName} has no stream`);
  let stopped = false;
  /** Open iterators by shard; a shard that closes is replaced by its children, read from their start. */
  const iterators = new Map<string, string>();
  const known = new Set<string>();

  const discover = async (position: 'LATEST' | 'TRIM_HORIZON') => {
    const { StreamDescription } = await options.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || known.has(shard.ShardId)) continue;
      known.add(shard.ShardId);
      const { ShardIterator } = await options.streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: position }));
      if (ShardIterator) iterators.set(shard.ShardId, ShardIterator);
    }
  };

  await discover('LATEST');
  const loop = async () => {
    while (!stopped) {
      try {
        for (const [shardId, iterator] of [...iterators]) {
          const { Records = [], NextShardIterator } = await options.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
          if (Records.length > 0) await options.deliver(Records);
          if (NextShardIterator) iterators.set(shardId, NextShardIterator);
          else iterators.delete(shardId);
        }
        await discover('TRIM_HORIZON');
      } catch (error) {
        // The batch is read again from the same iterators: delivery is at least once, as on AWS.
        options.onError(error);
      }
      await new Promise((done) => setTimeout(done, POLL_MS));
    }
  };
  void loop();
  return {
    stop: () => {
      stopped = true;
    },
  };
}

/** The SDK's records in the shape Lambda hands a stream function (times in epoch seconds, not Date objects). */
export function lambdaStreamEvent(records: readonly _Record[], streamArn = 'local'): DynamoDBStreamEvent {
  return {
    Records: records.map((record) => ({
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion,
      eventSource: 'aws:dynamodb',
      awsRegion: record.awsRegion,
      eventSourceARN: streamArn,
      dynamodb: {
        ...record.dynamodb,
        ApproximateCreationDateTime: record.dynamodb?.ApproximateCreationDateTime ? record.dynamodb.ApproximateCreationDateTime.getTime() / 1000 : undefined,
      },
    })) as DynamoDBStreamEvent['Records'],
  };
}
