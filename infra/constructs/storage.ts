// The DynamoDB table: one table for everything, keys from the store's schema, on-demand,
// point-in-time recovery, encrypted, expiring items by TTL, kept when the stack goes unless the
// stage is a throwaway one.

import { AttributeType, Billing, type ITableV2, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../../packages/store/index.ts';
import type { StageSettings } from '../config.ts';

export interface StorageProps {
  stage: StageSettings;
}

export class Storage extends Construct {
  readonly table: ITableV2;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryptionV2.awsManagedKey(),
      timeToLiveAttribute: TABLE_SCHEMA.ttlAttribute,
      removalPolicy: props.stage.removalPolicy,
      deletionProtection: props.stage.retainData,
    });
  }
}
