// The import bucket as packages/pipeline needs it, over the S3 client: objects are streamed
// (GetObject's body is read chunk by chunk, never whole), reports are JSON objects.

import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ImportBucket } from '../../packages/pipeline/object-import.ts';

const isMissing = (error: unknown): boolean =>
  error instanceof NoSuchKey || (error instanceof Error && error.name === 'NoSuchKey');

export const createS3ImportBucket = (client: S3Client): ImportBucket => ({
  async get(bucket, key) {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = out.Body as AsyncIterable<Uint8Array> | undefined;
    if (!body || !(Symbol.asyncIterator in body))
      throw new Error(`s3://${bucket}/${key}: the object has no readable body`);
    return {
      body,
      ...(out.ContentLength === undefined ? {} : { size: out.ContentLength }),
      ...(out.ETag ? { etag: out.ETag } : {}),
      metadata: Object.fromEntries(Object.entries(out.Metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    };
  },
  async getText(bucket, key) {
    try {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await out.Body?.transformToString('utf8')) ?? undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  },
  async putJson(bucket, key, value) {
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: `${JSON.stringify(value, null, 2)}\n`,
        ContentType: 'application/json',
      }),
    );
  },
});
