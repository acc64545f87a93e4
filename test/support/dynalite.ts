/** A DynamoDB-compatible server (dynalite) on a random loopback port, started by the test that needs it. */
export { createKeyTable, LOCAL_AWS_ENV, type LocalDynamo, putRecords, startLocalDynamo as startDynalite } from '../../local/local-dynamodb';
