// The role EventBridge Scheduler assumes to invoke one function: ours, so the one finding it
// carries is explained here, and trust is limited to this account's default schedule group.

import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

export const scheduleInvokeRole = (scope: Construct, id: string, target: IFunction): Role => {
  const stack = Stack.of(scope);
  const role = new Role(scope, id, {
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': stack.account,
          'aws:SourceArn': stack.formatArn({
            service: 'scheduler',
            resource: 'schedule-group',
            resourceName: 'default',
          }),
        },
      },
    }),
    description: 'EventBridge Scheduler invoking one promisegap function',
  });
  // LambdaInvoke grants through `grantInvoke`, which also names the function's versions (ARN:*).
  const logicalId = stack.getLogicalId(target.node.defaultChild as CfnElement);
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>:*]`,
    reason:
      'lambda:InvokeFunction on one function and its versions (the ":*" suffix grantInvoke adds); ' +
      'no other function and no other action.',
  });
  return role;
};
