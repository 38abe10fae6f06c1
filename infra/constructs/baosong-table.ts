import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption, ProjectionType } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export type BaosongTableProps = {
  /** @default RemovalPolicy.RETAIN */
  removalPolicy?: RemovalPolicy;
};

/**
 * The single table: generic keys PK/SK, GSI1 (by owner: an organisation's people and reports), GSI2 (the sparse
 * due index the every-minute check reads). Fixed safe defaults: on-demand, point-in-time recovery, AWS-managed
 * encryption, TTL on `ttl`, retained unless told otherwise.
 */
export class BaosongTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: BaosongTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: 'ttl',
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'GSI1',
      partitionKey: { name: 'GSI1PK', type: AttributeType.STRING },
      sortKey: { name: 'GSI1SK', type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'GSI2',
      partitionKey: { name: 'GSI2PK', type: AttributeType.STRING },
      sortKey: { name: 'GSI2SK', type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });
  }

  /** Grants the function read or read-write access and tells it the table's name, in one call. */
  bind(fn: LambdaFunction, access: 'r' | 'rw'): void {
    if (access === 'rw') this.table.grantReadWriteData(fn);
    else this.table.grantReadData(fn);
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
  }
}
export type { IFunction };
