// What must outlive a redeploy: the table. Kept apart so the stateless stack can be torn down
// and rebuilt freely.

import { Stack, type StackProps } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { StageSettings } from './config.ts';
import { Storage } from './constructs/storage.ts';

export interface StatefulStackProps extends StackProps {
  stage: StageSettings;
}

export class StatefulStack extends Stack {
  readonly table: ITableV2;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.table = new Storage(this, 'Storage', { stage: props.stage }).table;
  }
}
