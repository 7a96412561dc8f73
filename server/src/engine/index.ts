// The engine's reading and mapping API, for the evaluator and the CLI/LSP adapters.
export { LogEvent, addFieldValue, firstValue, type FieldMap, type FieldValue, type EventMetadata, type FieldExtractor } from './event';
export { readLog, LogReader, type LogInput } from './readers/readLog';
export { parseLog, EventPipeline, JSON_TIME_FIELDS } from './readers/pipeline';
export { requireLiterals } from './readers/filters';
export { detectFormat, FORMAT_SAMPLE_LINES, type FormatDecision } from './readers/detect';
export type { LogFormat, ReadOptions, ReaderStats, ReadProblem, TextLogFormat } from './readers/types';
export { CimCatalogue, type CimDataset, type CimField } from '../cim/catalogue';
export { CimMappings, MappingRule, type CimMappingsData, type MappingRuleData } from '../cim/mappings';
export { CimEngine, DataModelView, DatasetRecord, UnsupportedCalculationError, UnknownDatasetError, type UnsupportedCalculation } from './cim/datamodel';
