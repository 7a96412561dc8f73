/**
 * Catalogue of SPL search commands: name, type, options with their value types and a one-line
 * description, after Splunk's Search Reference ("Command types" and each command's page).
 * Used for completion, hover and lint (unknown command, unknown option); the parser only uses the
 * names (to recognise a command at the start of a macro definition or subsearch).
 *
 * Options are written compactly as `name:type` (enum types list their values: `type:enum(inner|outer|left)`).
 */

/** Search Reference "Command types"; a command may belong to several, this is its main one. */
export type CommandKind = 'generating' | 'streaming' | 'transforming' | 'dataset-processing' | 'orchestrating';

export type OptionType = 'boolean' | 'integer' | 'number' | 'string' | 'field' | 'fields' | 'timespan' | 'time' | 'enum' | 'search' | 'eval' | 'regex';

export interface CommandOption {
  name: string;
  type: OptionType;
  /** Allowed values for `enum` options. */
  values?: string[];
}

export interface CommandInfo {
  name: string;
  kind: CommandKind;
  /** One line, for hover and completion. */
  doc: string;
  options: CommandOption[];
  /** Other names of the same command (`bucket` for `bin`). */
  aliases?: string[];
}

function options(spec: string): CommandOption[] {
  if (!spec) return [];
  return spec.split(/\s+/).map((item) => {
    const [name, type] = item.split(':');
    const enumMatch = /^enum\((.*)\)$/.exec(type ?? '');
    if (enumMatch) return { name, type: 'enum', values: enumMatch[1].split('|') };
    return { name, type: (type ?? 'string') as OptionType };
  });
}

function command(name: string, kind: CommandKind, doc: string, optionSpec = '', aliases?: string[]): CommandInfo {
  return aliases ? { name, kind, doc, options: options(optionSpec), aliases } : { name, kind, doc, options: options(optionSpec) };
}

const STATS_OPTIONS = 'allnum:boolean delim:string partitions:integer dedup_splitvals:boolean';

export const COMMANDS: readonly CommandInfo[] = [
  command('abstract', 'streaming', 'Produces a summary of each search result.', 'maxterms:integer maxlines:integer'),
  command('accum', 'streaming', 'Keeps a running total of a numeric field.'),
  command('addcoltotals', 'transforming', 'Appends a result with the sum of each numeric field.', 'labelfield:field label:string'),
  command('addinfo', 'streaming', 'Adds fields with information about the current search.'),
  command('addtotals', 'streaming', 'Sums the numeric fields of each result (row) or of all results (col).', 'row:boolean col:boolean labelfield:field label:string fieldname:field'),
  command('analyzefields', 'transforming', 'Analyzes numeric fields for their ability to predict another field.', 'classfield:field', ['af']),
  command('anomalies', 'streaming', 'Computes an unexpectedness score for each event.', 'threshold:number labelonly:boolean normalize:boolean maxvalues:integer field:field blacklist:string'),
  command('anomalousvalue', 'streaming', 'Finds and summarizes irregular or uncommon search results.', 'action:enum(filter|annotate|summary) pthresh:number minsupcount:integer maxanofreq:number minsupfreq:number minnormfreq:number'),
  command('anomalydetection', 'streaming', 'Identifies anomalous events by computing a probability for each event.', 'method:enum(histogram|zscore|iqr) action:string pthresh:number cutoff:boolean'),
  command('append', 'streaming', 'Appends the results of a subsearch to the current results.', 'extendtimerange:boolean maxtime:integer maxout:integer timeout:integer'),
  command('appendcols', 'streaming', 'Appends the fields of subsearch results to the current results, first to first.', 'override:boolean extendtimerange:boolean maxtime:integer maxout:integer timeout:integer'),
  command('appendpipe', 'streaming', 'Appends the result of a subpipeline run on the current results.', 'run_in_preview:boolean'),
  command('apply', 'streaming', 'Applies a machine learning model (Machine Learning Toolkit).', 'threshold:number'),
  command('arules', 'streaming', 'Finds association rules between field values.', 'sup:number conf:number'),
  command('associate', 'transforming', 'Identifies correlations between fields.', 'supcnt:integer supfreq:number improv:number'),
  command('audit', 'streaming', 'Returns audit trail information stored in the local audit index.'),
  command('autoregress', 'streaming', 'Sets up data for calculating the moving average.', 'p:string'),
  command('bin', 'streaming', 'Puts continuous numerical values into discrete sets (buckets).', 'span:timespan bins:integer minspan:timespan start:number end:number aligntime:time', ['bucket']),
  command('bucketdir', 'transforming', 'Replaces a field value with higher-level grouping, such as replacing filenames with directories.', 'pathfield:field sizefield:field maxcount:integer countfield:field sep:string'),
  command('chart', 'transforming', 'Returns results in a tabular output for charting.', 'sep:string format:string cont:boolean limit:integer agg:string useother:boolean usenull:boolean nullstr:string otherstr:string span:timespan bins:integer'),
  command('cluster', 'streaming', 'Clusters similar events together.', 'field:field labelfield:field countfield:field showcount:boolean t:number delims:string match:enum(termlist|termset|ngramset) labelonly:boolean'),
  command('cofilter', 'transforming', 'Finds how many times values of two fields occur together.'),
  command('collect', 'streaming', 'Puts search results into a summary index.', 'index:string addtime:boolean file:string spool:boolean marker:string testmode:boolean run_in_preview:boolean host:string source:string sourcetype:string output_format:enum(raw|hec)'),
  command('concurrency', 'streaming', 'Finds the number of concurrent events for each event.', 'duration:field start:field output:field'),
  command('contingency', 'transforming', 'Builds a contingency table for two fields.', 'maxrows:integer maxcols:integer mincolcover:number minrowcover:number usetotal:boolean totalstr:string', ['counttable', 'ctable']),
  command('convert', 'streaming', 'Converts field values into numerical values.', 'timeformat:string'),
  command('correlate', 'transforming', 'Calculates the correlation between different fields.'),
  command('datamodel', 'generating', 'Examines data model or data model dataset and searches a data model dataset.', 'summariesonly:boolean allow_old_summaries:boolean'),
  command('dbinspect', 'generating', 'Returns information about the buckets in an index.', 'index:string span:timespan timeformat:string corruptonly:boolean'),
  command('dedup', 'streaming', 'Removes events that contain an identical combination of values for the fields you specify.', 'keepevents:boolean keepempty:boolean consecutive:boolean'),
  command('delete', 'streaming', 'Makes events irretrievable from the Splunk Enterprise indexes.'),
  command('delta', 'streaming', 'Computes the difference between nearby results using the value of a specific numeric field.', 'p:integer'),
  command('diff', 'streaming', 'Returns the difference between two search results.', 'position1:integer position2:integer attribute:field diffheader:boolean context:boolean maxlen:integer'),
  command('dump', 'dataset-processing', 'Exports search results to a set of chunk files on local disk.', 'basefilename:string rollsize:integer compress:integer format:string fields:string'),
  command('erex', 'streaming', 'Generates a regular expression from example values.', 'fromfield:field examples:string counterexamples:string maxtrainers:integer'),
  command('eval', 'streaming', 'Calculates an expression and puts the value into a field.'),
  command('eventcount', 'generating', 'Returns the number of events in an index.', 'index:string summarize:boolean report_size:boolean list_vix:boolean'),
  command('eventstats', 'dataset-processing', 'Adds summary statistics to all search results.', STATS_OPTIONS + ' allnum:boolean'),
  command('extract', 'streaming', 'Extracts field-value pairs from search results.', 'auto:boolean clean_keys:boolean kvdelim:string limit:integer maxchars:integer mv_add:boolean pairdelim:string reload:boolean segment:boolean', ['kv']),
  command('fieldformat', 'streaming', 'Expresses how to render a field at output time without changing the underlying value.'),
  command('fields', 'streaming', 'Keeps or removes fields from search results.'),
  command('fieldsummary', 'transforming', 'Generates summary information for all or a subset of the fields.', 'maxvals:integer'),
  command('filldown', 'streaming', 'Replaces NULL values with the last non-NULL value.'),
  command('fillnull', 'streaming', 'Replaces null values with a specified value (0 by default).', 'value:string'),
  command('findkeywords', 'transforming', 'Finds keywords that distinguish groups of events (used with the cluster command).', 'labelfield:field dedup:boolean'),
  command('findtypes', 'transforming', 'Generates a list of suggested event types.', 'max:integer notcovered:boolean useraw:boolean'),
  command('fit', 'transforming', 'Fits a machine learning model to the results (Machine Learning Toolkit app).'),
  command('folderize', 'transforming', 'Creates a higher-level grouping, such as replacing file names with directories.', 'attr:field sep:string size:field minfolders:integer maxfolders:integer'),
  command('foreach', 'streaming', 'Runs a templated streaming subsearch for each field in a wildcarded field list.', 'mode:enum(multifield|multivalue|json_array|auto_collections) fieldstr:string matchstr:string matchseg1:string matchseg2:string matchseg3:string itemstr:string'),
  command('format', 'transforming', 'Takes the results of a subsearch and formats them into a single result.', 'mvsep:string maxresults:integer emptystr:string'),
  command('from', 'generating', 'Retrieves data from a dataset, such as a data model dataset, a lookup or a saved search.'),
  command('fromjson', 'streaming', 'Converts JSON-formatted field values into fields.', 'prefix:string'),
  command('gauge', 'transforming', 'Transforms results into a format suitable for display by the Gauge chart types.'),
  command('gentimes', 'generating', 'Generates timestamp results starting with the exact time specified as start time.', 'start:time end:time increment:timespan'),
  command('geom', 'streaming', 'Adds a field, named geom, to each event for choropleth map visualizations.', 'featureCollection:string allFeatures:boolean featureIdField:field gen:number min_x:number min_y:number max_x:number max_y:number'),
  command('geomfilter', 'streaming', 'Clips polygonal and line geometry features that fall outside of a bounding box.', 'min_x:number min_y:number max_x:number max_y:number'),
  command('geostats', 'transforming', 'Generates statistics to display geographic data and summarize the data on maps.', 'latfield:field longfield:field outputlatfield:field outputlongfield:field globallimit:integer locallimit:integer binspanlat:number binspanlong:number maxzoomlevel:integer'),
  command('head', 'streaming', 'Returns the first N results (10 by default).', 'limit:integer null:boolean keeplast:boolean'),
  command('highlight', 'streaming', 'Highlights specified terms.'),
  command('history', 'generating', 'Returns a history of searches.', 'events:boolean'),
  command('iconify', 'streaming', 'Displays a unique icon for each different value in the list of fields.'),
  command('inputcsv', 'generating', 'Loads search results from a CSV file.', 'dispatch:boolean append:boolean start:integer max:integer events:boolean'),
  command('inputlookup', 'generating', 'Loads search results from a lookup table.', 'append:boolean strict:boolean start:integer max:integer'),
  command('iplocation', 'streaming', 'Adds location information (City, Country, lat, lon, Region) based on IP addresses.', 'prefix:string allfields:boolean lang:string'),
  command('join', 'dataset-processing', 'Combines the results of a subsearch with the results of the main search on common fields.', 'type:enum(inner|outer|left) usetime:boolean earlier:boolean overwrite:boolean max:integer left:string right:string where:string'),
  command('kmeans', 'streaming', 'Performs k-means clustering on selected fields.', 'reps:integer maxiters:integer t:number k:integer cnumfield:field distype:enum(l1|l1norm|cityblock|cb|l2|l2norm|sq|sqeuclidean|cos|cosine)'),
  command('kvform', 'streaming', 'Extracts values from search results, using a form template.', 'form:string field:field'),
  command('loadjob', 'generating', 'Loads the events or results of a previously completed search job.', 'savedsearch:string events:boolean job_delegate:string artifact_offset:integer ignore_running:boolean'),
  command('localize', 'transforming', 'Returns a list of the time ranges in which the search results were found.', 'maxpause:timespan timeafter:timespan timebefore:timespan'),
  command('localop', 'orchestrating', 'Prevents subsequent commands from being run on remote peers.'),
  command('lookup', 'streaming', 'Enriches events with the fields of a lookup table.', 'local:boolean update:boolean event_time_field:field'),
  command('makecontinuous', 'transforming', 'Makes a field on the x-axis numerically continuous.', 'span:timespan bins:integer start:number end:number'),
  command('makemv', 'streaming', 'Changes a specified field into a multivalued field.', 'delim:string tokenizer:regex allowempty:boolean setsv:boolean'),
  command('makeresults', 'generating', 'Generates the specified number of search results.', 'count:integer annotate:boolean splunk_server:string splunk_server_group:string format:enum(csv|json) data:string'),
  command('map', 'streaming', 'Runs a search repeatedly for each input record or result.', 'search:search maxsearches:integer'),
  command('mcatalog', 'generating', 'Performs aggregations on the values in the metric_name and dimension fields.', 'prestats:boolean append:boolean'),
  command('mcollect', 'streaming', 'Converts events into metric data points and inserts them into a metric index.', 'index:string file:string split:boolean spool:boolean prefix_field:field host:string source:string sourcetype:string'),
  command('metadata', 'generating', 'Returns a list of sources, sourcetypes, or hosts from a specified index or distributed search peer.', 'type:enum(hosts|sources|sourcetypes) index:string splunk_server:string splunk_server_group:string datatype:enum(event|metric)'),
  command('metasearch', 'generating', 'Retrieves event metadata from indexes based on terms in the logical expression.'),
  command('meventcollect', 'streaming', 'Converts events into metric data points and inserts them into a metrics index from the indexers.', 'index:string split:boolean spool:boolean prefix_field:field host:string source:string sourcetype:string'),
  command('mpreview', 'generating', 'Returns a preview of the raw metric data points of a metrics index.', 'filter:string index:string splunk_server:string splunk_server_group:string earliest:time latest:time chunk_size:integer target_per_timeseries:integer', ['msearch']),
  command('mstats', 'generating', 'Calculates statistics for the measurement, metric_name, and dimension fields in metric indexes.', 'prestats:boolean append:boolean backfill:boolean update_period:integer fillnull_value:string chunk_size:integer span:timespan every:timespan'),
  command('multikv', 'streaming', 'Extracts field-values from table-formatted events.', 'conf:string copyattrs:boolean fields:fields filter:string forceheader:integer multitable:boolean noheader:boolean rmorig:boolean'),
  command('multisearch', 'generating', 'Runs multiple streaming searches at the same time.'),
  command('mvcombine', 'transforming', 'Combines events that differ only in one field into one event with a multivalue field.', 'delim:string'),
  command('mvexpand', 'streaming', 'Expands the values of a multivalue field into separate events.', 'limit:integer'),
  command('nomv', 'streaming', 'Changes a specified multivalued field into a single-value field at search time.'),
  command('outlier', 'transforming', 'Removes outlying numerical values.', 'action:enum(remove|transform|rm|tf) mark:boolean param:number uselower:boolean'),
  command('outputcsv', 'transforming', 'Outputs search results to a specified CSV file.', 'append:boolean create_empty:boolean dispatch:boolean usexml:boolean singlefile:boolean'),
  command('outputlookup', 'transforming', 'Writes search results to the specified static lookup table or KV store collection.', 'append:boolean create_empty:boolean override_if_empty:boolean max:integer key_field:field createinapp:boolean create_context:enum(app|user|system) output_format:enum(splunk_mv_csv|splunk_sv_csv)'),
  command('outputtext', 'streaming', 'Outputs the raw text field (_raw) of results into the _xml field.', 'usexml:boolean'),
  command('overlap', 'streaming', 'Finds events in a summary index that overlap in time or have missed events.'),
  command('pivot', 'generating', 'Runs pivot searches against a particular data model dataset.'),
  command('predict', 'transforming', 'Enables you to use time series algorithms to predict future values of fields.', 'algorithm:enum(LL|LLT|LLP|LLP5|LLB|BiLL) future_timespan:integer holdback:integer period:integer upper:string lower:string suppress:field'),
  command('rangemap', 'streaming', 'Sets the RANGE field to the name of the ranges that match.', 'field:field default:string'),
  command('rare', 'transforming', 'Displays the least common values of a field.', 'countfield:string limit:integer percentfield:string showcount:boolean showperc:boolean useother:boolean otherstr:string'),
  command('redistribute', 'orchestrating', 'Implements parallel reduce search processing to shorten the search runtime.', 'num_of_reducers:integer'),
  command('regex', 'streaming', 'Removes results that do not match the specified regular expression.'),
  command('reltime', 'streaming', 'Converts the difference between now and _time to a human-readable value.'),
  command('rename', 'streaming', 'Renames a field; use wildcards to rename many.'),
  command('replace', 'streaming', 'Replaces values of specified fields with a specified new value.'),
  command('require', 'streaming', 'Makes the search fail when the preceding commands return no events or results.'),
  command('rest', 'generating', 'Access a REST endpoint and display the returned entities as search results.', 'count:integer splunk_server:string splunk_server_group:string timeout:integer strict:boolean'),
  command('return', 'transforming', 'Specifies values to return from a subsearch.'),
  command('reverse', 'dataset-processing', 'Reverses the order of the results.'),
  command('rex', 'streaming', 'Extracts fields with regular-expression named groups, or replaces characters with sed expressions.', 'field:field max_match:integer offset_field:field mode:enum(sed)'),
  command('rtorder', 'streaming', 'Buffers events from real-time search to emit them in ascending time order when possible.', 'discard:boolean buffer_span:timespan max_buffer_size:integer'),
  command('sample', 'streaming', 'Randomly samples or partitions the results (Machine Learning Toolkit app).'),
  command('savedsearch', 'generating', 'Runs a saved search, or report, and returns the search results of a saved search.', 'nosubstitution:boolean'),
  command('score', 'transforming', 'Scores results with statistical metrics (Machine Learning Toolkit app).'),
  command('script', 'streaming', 'Runs an external Perl or Python script as part of your search.', 'maxinputs:integer', ['run']),
  command('scrub', 'streaming', 'Anonymizes the search results.', 'public-terms:string private-terms:string name-terms:string dictionary:string timeconfig:string namespace:string'),
  command('search', 'streaming', 'Retrieves events from indexes or filters the results of a previous search command.'),
  command('searchtxn', 'generating', 'Finds transaction events within specified search constraints.', 'max_terms:integer use_disjunct:boolean eventsonly:boolean'),
  command('selfjoin', 'transforming', 'Joins results with itself.', 'overwrite:boolean max:integer keepsingle:boolean'),
  command('sendalert', 'streaming', 'Invokes a custom alert action.'),
  command('sendemail', 'streaming', 'Emails search results to a specified email address.', 'to:string cc:string bcc:string subject:string format:enum(csv|table|raw) inline:boolean sendresults:boolean sendpdf:boolean priority:string server:string from:string message:string'),
  command('set', 'generating', 'Performs set operations (union, diff, intersect) on subsearches.'),
  command('setfields', 'streaming', 'Sets the field values for all results to a common value.'),
  command('sichart', 'transforming', 'Summary indexing version of the chart command.'),
  command('sirare', 'transforming', 'Summary indexing version of the rare command.'),
  command('sistats', 'transforming', 'Summary indexing version of the stats command.'),
  command('sitimechart', 'transforming', 'Summary indexing version of the timechart command.'),
  command('sitop', 'transforming', 'Summary indexing version of the top command.'),
  command('sort', 'dataset-processing', 'Sorts all of the results by the specified fields.', 'limit:integer'),
  command('spath', 'streaming', 'Extracts fields from structured data (JSON, XML).', 'input:field output:field path:string'),
  command('stats', 'transforming', 'Calculates aggregate statistics, such as count, over the results, optionally grouped BY fields.', STATS_OPTIONS),
  command('strcat', 'streaming', 'Concatenates string values.', 'allrequired:boolean'),
  command('streamstats', 'streaming', 'Adds cumulative summary statistics to all search results in a streaming manner.', 'reset_on_change:boolean reset_before:eval reset_after:eval current:boolean window:integer time_window:timespan global:boolean allnum:boolean'),
  command('summary', 'transforming', 'Returns a summary of a machine learning model (Machine Learning Toolkit app).'),
  command('table', 'transforming', 'Returns a table with only the fields you list, in that order.'),
  command('tags', 'streaming', 'Annotates specified fields in your search results with tags.', 'outputfield:field inclname:boolean inclvalue:boolean'),
  command('tail', 'dataset-processing', 'Returns the last N results (10 by default).'),
  command('timechart', 'transforming', 'Creates a time series chart with corresponding table of statistics.', 'sep:string format:string partial:boolean cont:boolean limit:integer agg:string span:timespan bins:integer minspan:timespan start:time end:time aligntime:time fixedrange:boolean useother:boolean usenull:boolean nullstr:string otherstr:string'),
  command('timewrap', 'streaming', 'Displays, or wraps, the output of the timechart command so that every period of time is a different series.', 'align:enum(now|end) series:enum(relative|exact|short) time_format:string'),
  command('tojson', 'streaming', 'Converts events into JSON objects.', 'default_type:string fill_null:boolean include_internal:boolean output_field:field'),
  command('top', 'transforming', 'Displays the most common values of a field.', 'countfield:string limit:integer otherstr:string percentfield:string showcount:boolean showperc:boolean useother:boolean'),
  command('transaction', 'transforming', 'Groups search results into transactions.', 'name:string maxspan:timespan maxpause:timespan maxevents:integer startswith:search endswith:search connected:boolean unifyends:boolean keeporphans:boolean keepevicted:boolean mvlist:boolean delim:string nullstr:string mvraw:boolean'),
  command('transpose', 'transforming', 'Returns the specified number of rows (search results) as columns.', 'column_name:string header_field:field include_empty:boolean'),
  command('trendline', 'streaming', 'Computes moving averages of fields.'),
  command('tscollect', 'transforming', 'Writes results into tsidx files for later use by the tstats command.', 'namespace:string squashcase:boolean keepresults:boolean'),
  command('tstats', 'generating', 'Performs statistical queries on indexed fields in tsidx files (accelerated data models).', 'prestats:boolean local:boolean append:boolean summariesonly:boolean include_reduced_buckets:boolean allow_old_summaries:boolean chunk_size:integer fillnull_value:string span:timespan'),
  command('typeahead', 'generating', 'Returns typeahead information on a specified prefix.', 'prefix:string count:integer max_time:integer index:string starttimeu:time endtimeu:time collapse:boolean'),
  command('typelearner', 'streaming', 'Generates suggested event types from the results.', 'maxlen:integer'),
  command('typer', 'streaming', 'Calculates the eventtype field for search results that match a known event type.'),
  command('union', 'generating', 'Merges the results from two or more datasets into one dataset.', 'maxtime:integer maxout:integer timeout:integer'),
  command('uniq', 'streaming', 'Removes any search that is an exact duplicate of a previous one.'),
  command('untable', 'transforming', 'Converts results from a tabular format to a format similar to stats output.'),
  command('walklex', 'generating', 'Generates a list of terms or indexed fields from each bucket of event indexes.', 'type:enum(all|field|fieldvalue|term) prefix:string pattern:string index:string splunk_server:string'),
  command('where', 'streaming', 'Filters results with an eval expression; keeps results for which it is true.'),
  command('x11', 'transforming', 'Removes the seasonal pattern in your time-based data series.'),
  command('xmlkv', 'streaming', 'Extracts XML key-value pairs.', 'maxinputs:integer'),
  command('xmlunescape', 'streaming', 'Unescapes XML.', 'maxinputs:integer'),
  command('xpath', 'streaming', 'Extracts values from XML with an XPath expression.', 'field:field outfield:field default:string'),
  command('xyseries', 'transforming', 'Converts results into a format suitable for graphing.', 'grouped:boolean sep:string format:string'),
];

/** The catalogue entry for a command name or alias (case-insensitive), if any. */
export function findCommand(name: string): CommandInfo | undefined {
  const lower = name.toLowerCase();
  return COMMANDS.find((info) => info.name === lower || (info.aliases?.includes(lower) ?? false));
}

/** Generating commands that may open a pipeline or subsearch without a leading `|` (`[inputlookup x]`). */
export function isGeneratingCommand(name: string): boolean {
  return findCommand(name)?.kind === 'generating';
}
