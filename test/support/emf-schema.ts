/**
 * CloudWatch Embedded Metric Format, as a JSON Schema (draft-07) written from AWS's published
 * specification, "Specification: Embedded metric format":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * (root node, metadata object, MetricDirective, DimensionSet, MetricDefinition, and the schema the page
 * publishes for validating documents). Units are those of MetricDatum
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDatum.html).
 *
 * What a schema cannot say, the spec's rules on target members (every referenced name is a root member;
 * dimension targets are strings; metric targets are numbers or arrays of at most 100 numbers), is
 * checked by `emfTargetProblems` below.
 */

export const METRIC_UNITS = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes',
  'Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second',
  'Kilobytes/Second', 'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second',
  'Kilobits/Second', 'Megabits/Second', 'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
] as const;

const reference = { type: 'string', minLength: 1, maxLength: 255 } as const;

export const EMF_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'CloudWatch embedded metric format document (root node)',
  type: 'object',
  required: ['_aws'],
  properties: {
    _aws: {
      title: 'Metadata object',
      type: 'object',
      required: ['Timestamp', 'CloudWatchMetrics'],
      properties: {
        Timestamp: { description: 'milliseconds after Jan 1, 1970 00:00:00 UTC', type: 'integer', minimum: 0 },
        CloudWatchMetrics: {
          type: 'array',
          items: {
            title: 'MetricDirective',
            type: 'object',
            required: ['Namespace', 'Dimensions', 'Metrics'],
            properties: {
              Namespace: reference,
              Dimensions: {
                type: 'array',
                minItems: 1,
                items: { title: 'DimensionSet', type: 'array', minItems: 0, maxItems: 9, items: reference },
              },
              Metrics: {
                type: 'array',
                maxItems: 100,
                items: {
                  title: 'MetricDefinition',
                  type: 'object',
                  required: ['Name'],
                  properties: {
                    Name: reference,
                    Unit: { type: 'string', enum: [...METRIC_UNITS] },
                    StorageResolution: { type: 'integer', enum: [1, 60] },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

interface Directive {
  readonly Dimensions: readonly (readonly string[])[];
  readonly Metrics: readonly { readonly Name: string }[];
}

/** The spec's target-member rules, for a document that already passed the schema. */
export function emfTargetProblems(document: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const directives = (document._aws as { CloudWatchMetrics: Directive[] }).CloudWatchMetrics;
  for (const directive of directives) {
    for (const name of directive.Dimensions.flat()) {
      if (!Object.hasOwn(document, name)) problems.push(`dimension ${name} is not a root member`);
      else if (typeof document[name] !== 'string') problems.push(`dimension ${name} is not a string`);
    }
    for (const { Name } of directive.Metrics) {
      const value = document[Name];
      const numeric = typeof value === 'number' || (Array.isArray(value) && value.length <= 100 && value.every((item) => typeof item === 'number'));
      if (!Object.hasOwn(document, Name)) problems.push(`metric ${Name} is not a root member`);
      else if (!numeric) problems.push(`metric ${Name} is not a number or an array of at most 100 numbers`);
    }
  }
  return problems;
}
