/**
 * Catalogue of eval functions and of stats aggregation functions, after Splunk's Search Reference
 * ("Evaluation functions" and "Statistical and charting functions"). Used for completion, hover and
 * lint (unknown function, wrong number of arguments).
 */

export type EvalFunctionCategory =
  | 'comparison'
  | 'conversion'
  | 'cryptographic'
  | 'datetime'
  | 'informational'
  | 'json'
  | 'math'
  | 'multivalue'
  | 'statistical'
  | 'text'
  | 'trig';

export interface FunctionInfo {
  name: string;
  /** Fewest arguments accepted. */
  minArgs: number;
  /** Most arguments accepted; null when there is no limit. */
  maxArgs: number | null;
  signature: string;
  doc: string;
}

export interface EvalFunctionInfo extends FunctionInfo {
  category: EvalFunctionCategory;
}

function fn(category: EvalFunctionCategory, name: string, minArgs: number, maxArgs: number | null, signature: string, doc: string): EvalFunctionInfo {
  return { category, name, minArgs, maxArgs, signature, doc };
}

export const EVAL_FUNCTIONS: readonly EvalFunctionInfo[] = [
  fn('comparison', 'case', 2, null, 'case(condition, value, ...)', 'Returns the value paired with the first condition that is true.'),
  fn('comparison', 'cidrmatch', 2, 2, 'cidrmatch("cidr", ip)', 'True when the IP address is in the CIDR subnet.'),
  fn('comparison', 'coalesce', 1, null, 'coalesce(x, ...)', 'Returns the first argument that is not null.'),
  fn('comparison', 'false', 0, 0, 'false()', 'Returns FALSE.'),
  fn('comparison', 'if', 3, 3, 'if(condition, then, else)', 'Returns `then` when the condition is true, else `else`.'),
  fn('comparison', 'in', 2, null, 'in(field, value, ...)', 'True when the field equals one of the values.'),
  fn('comparison', 'like', 2, 2, 'like(text, pattern)', 'True when the text matches the SQLite pattern (% and _ wildcards).'),
  fn('comparison', 'lookup', 2, 3, 'lookup("table", json_input, json_output)', 'Looks up values in a CSV lookup table and returns them as a JSON object.'),
  fn('comparison', 'match', 2, 2, 'match(subject, "regex")', 'True when the regular expression matches the subject.'),
  fn('comparison', 'null', 0, 0, 'null()', 'Returns NULL.'),
  fn('comparison', 'nullif', 2, 2, 'nullif(x, y)', 'Returns NULL when x equals y, else x.'),
  fn('comparison', 'searchmatch', 1, 1, 'searchmatch("search string")', 'True when the event matches the search string.'),
  fn('comparison', 'true', 0, 0, 'true()', 'Returns TRUE.'),
  fn('comparison', 'validate', 2, null, 'validate(condition, message, ...)', 'Returns the message of the first condition that is false.'),
  fn('conversion', 'ipmask', 2, 2, 'ipmask("mask", ip)', 'Applies a mask to an IPv4 address.'),
  fn('conversion', 'printf', 1, null, 'printf("format", args...)', 'Builds a string like the C sprintf function.'),
  fn('conversion', 'tonumber', 1, 2, 'tonumber(x, base)', 'Converts a string to a number, optionally from another base.'),
  fn('conversion', 'tostring', 1, 2, 'tostring(x, "hex"|"commas"|"duration")', 'Converts a value to a string.'),
  fn('cryptographic', 'md5', 1, 1, 'md5(x)', 'MD5 hash of the string.'),
  fn('cryptographic', 'sha1', 1, 1, 'sha1(x)', 'SHA-1 hash of the string.'),
  fn('cryptographic', 'sha256', 1, 1, 'sha256(x)', 'SHA-256 hash of the string.'),
  fn('cryptographic', 'sha512', 1, 1, 'sha512(x)', 'SHA-512 hash of the string.'),
  fn('datetime', 'now', 0, 0, 'now()', 'Time the search started, in epoch seconds.'),
  fn('datetime', 'relative_time', 2, 2, 'relative_time(time, "modifier")', 'Applies a relative time modifier such as "-1d@d" to an epoch time.'),
  fn('datetime', 'strftime', 2, 2, 'strftime(time, "format")', 'Formats an epoch time as a string.'),
  fn('datetime', 'strptime', 2, 2, 'strptime(string, "format")', 'Parses a time string into epoch seconds.'),
  fn('datetime', 'time', 0, 0, 'time()', 'Wall-clock time when the function runs, in epoch seconds.'),
  fn('informational', 'isarray', 1, 1, 'isarray(x)', 'True when the value is a JSON array.'),
  fn('informational', 'isbool', 1, 1, 'isbool(x)', 'True when the value is Boolean.'),
  fn('informational', 'isint', 1, 1, 'isint(x)', 'True when the value is an integer.'),
  fn('informational', 'isnotnull', 1, 1, 'isnotnull(x)', 'True when the value is not null.'),
  fn('informational', 'isnull', 1, 1, 'isnull(x)', 'True when the value is null.'),
  fn('informational', 'isnum', 1, 1, 'isnum(x)', 'True when the value is a number.'),
  fn('informational', 'isobject', 1, 1, 'isobject(x)', 'True when the value is a JSON object.'),
  fn('informational', 'isstr', 1, 1, 'isstr(x)', 'True when the value is a string.'),
  fn('informational', 'typeof', 1, 1, 'typeof(x)', 'Name of the value\'s type: Number, String, Boolean, Invalid...'),
  fn('json', 'json_append', 3, null, 'json_append(json, path, value, ...)', 'Appends values to arrays in a JSON document.'),
  fn('json', 'json_array', 0, null, 'json_array(value, ...)', 'Creates a JSON array.'),
  fn('json', 'json_array_to_mv', 1, 2, 'json_array_to_mv(json_array, keep_quotes)', 'Converts a JSON array to a multivalue field.'),
  fn('json', 'json_delete', 2, null, 'json_delete(json, path, ...)', 'Removes paths from a JSON document.'),
  fn('json', 'json_entries', 1, 1, 'json_entries(json)', 'Returns the key-value pairs of a JSON object as an array.'),
  fn('json', 'json_extend', 2, null, 'json_extend(json, path, array, ...)', 'Extends arrays in a JSON document.'),
  fn('json', 'json_extract', 1, null, 'json_extract(json, path, ...)', 'Returns the values at the paths.'),
  fn('json', 'json_extract_exact', 1, null, 'json_extract_exact(json, key, ...)', 'Returns the values at keys taken literally.'),
  fn('json', 'json_has_key_exact', 2, 2, 'json_has_key_exact(json, key)', 'True when the JSON object has the key.'),
  fn('json', 'json_keys', 1, 1, 'json_keys(json)', 'Returns the keys of a JSON object as an array.'),
  fn('json', 'json_object', 0, null, 'json_object(key, value, ...)', 'Creates a JSON object.'),
  fn('json', 'json_set', 3, null, 'json_set(json, path, value, ...)', 'Sets values at paths in a JSON document.'),
  fn('json', 'json_set_exact', 3, null, 'json_set_exact(json, key, value, ...)', 'Sets values at literal keys in a JSON document.'),
  fn('json', 'json_valid', 1, 1, 'json_valid(x)', 'True when the string is valid JSON.'),
  fn('math', 'abs', 1, 1, 'abs(x)', 'Absolute value.'),
  fn('math', 'bitand', 2, null, 'bitand(x, y, ...)', 'Bitwise AND.'),
  fn('math', 'bitnot', 1, 1, 'bitnot(x)', 'Bitwise NOT.'),
  fn('math', 'bitor', 2, null, 'bitor(x, y, ...)', 'Bitwise OR.'),
  fn('math', 'bitshiftleft', 2, 2, 'bitshiftleft(x, n)', 'Shifts bits left.'),
  fn('math', 'bitshiftright', 2, 2, 'bitshiftright(x, n)', 'Shifts bits right.'),
  fn('math', 'bitxor', 2, null, 'bitxor(x, y, ...)', 'Bitwise XOR.'),
  fn('math', 'ceiling', 1, 1, 'ceiling(x)', 'Rounds up to the next integer.'),
  fn('math', 'ceil', 1, 1, 'ceil(x)', 'Rounds up to the next integer.'),
  fn('math', 'exact', 1, 1, 'exact(expression)', 'Evaluates with double precision, without rounding.'),
  fn('math', 'exp', 1, 1, 'exp(x)', 'e to the power x.'),
  fn('math', 'floor', 1, 1, 'floor(x)', 'Rounds down to the integer.'),
  fn('math', 'ln', 1, 1, 'ln(x)', 'Natural logarithm.'),
  fn('math', 'log', 1, 2, 'log(x, base)', 'Logarithm (base 10 by default).'),
  fn('math', 'pi', 0, 0, 'pi()', 'The constant pi.'),
  fn('math', 'pow', 2, 2, 'pow(x, y)', 'x to the power y.'),
  fn('math', 'round', 1, 2, 'round(x, digits)', 'Rounds to the given number of decimal places (0 by default).'),
  fn('math', 'sigfig', 1, 1, 'sigfig(x)', 'Rounds to the significant figures of the operands.'),
  fn('math', 'sqrt', 1, 1, 'sqrt(x)', 'Square root.'),
  fn('math', 'sum', 1, null, 'sum(x, ...)', 'Sum of the numbers.'),
  fn('multivalue', 'commands', 1, 1, 'commands(search)', 'The commands used in a search string, as a multivalue field.'),
  fn('multivalue', 'mvappend', 1, null, 'mvappend(x, ...)', 'Joins values and multivalue fields into one multivalue field.'),
  fn('multivalue', 'mvcount', 1, 1, 'mvcount(mv)', 'Number of values.'),
  fn('multivalue', 'mvdedup', 1, 1, 'mvdedup(mv)', 'Removes duplicate values.'),
  fn('multivalue', 'mvfilter', 1, 1, 'mvfilter(predicate)', 'Keeps the values for which the predicate is true.'),
  fn('multivalue', 'mvfind', 2, 2, 'mvfind(mv, "regex")', 'Index of the first value that matches the regular expression.'),
  fn('multivalue', 'mvindex', 2, 3, 'mvindex(mv, start, end)', 'The value (or values) at the index (or range).'),
  fn('multivalue', 'mvjoin', 2, 2, 'mvjoin(mv, "delimiter")', 'Joins the values into one string.'),
  fn('multivalue', 'mvmap', 2, 2, 'mvmap(mv, expression)', 'Applies an expression to each value.'),
  fn('multivalue', 'mvrange', 2, 3, 'mvrange(start, end, step)', 'A multivalue field of a range of numbers.'),
  fn('multivalue', 'mvsort', 1, 1, 'mvsort(mv)', 'Sorts the values lexicographically.'),
  fn('multivalue', 'mvzip', 2, 3, 'mvzip(mv1, mv2, "delimiter")', 'Combines two multivalue fields value by value.'),
  fn('multivalue', 'mv_to_json_array', 1, 2, 'mv_to_json_array(mv, infer_types)', 'Converts a multivalue field to a JSON array.'),
  fn('multivalue', 'split', 2, 2, 'split(text, "delimiter")', 'Splits a string into a multivalue field.'),
  fn('statistical', 'avg', 1, null, 'avg(x, ...)', 'Average of the numbers.'),
  fn('statistical', 'max', 1, null, 'max(x, ...)', 'Largest of the values.'),
  fn('statistical', 'min', 1, null, 'min(x, ...)', 'Smallest of the values.'),
  fn('statistical', 'random', 0, 0, 'random()', 'A pseudo-random integer from 0 to 2^31-1.'),
  fn('text', 'len', 1, 1, 'len(text)', 'Number of characters.'),
  fn('text', 'lower', 1, 1, 'lower(text)', 'Lower-case version of the text.'),
  fn('text', 'ltrim', 1, 2, 'ltrim(text, "chars")', 'Removes characters (spaces by default) from the left.'),
  fn('text', 'replace', 3, 3, 'replace(text, "regex", "replacement")', 'Replaces every match of the regular expression.'),
  fn('text', 'rtrim', 1, 2, 'rtrim(text, "chars")', 'Removes characters (spaces by default) from the right.'),
  fn('text', 'spath', 2, 2, 'spath(input, "path")', 'Extracts the value at a path of an XML or JSON field.'),
  fn('text', 'substr', 2, 3, 'substr(text, start, length)', 'Substring from a 1-based start.'),
  fn('text', 'trim', 1, 2, 'trim(text, "chars")', 'Removes characters (spaces by default) from both ends.'),
  fn('text', 'upper', 1, 1, 'upper(text)', 'Upper-case version of the text.'),
  fn('text', 'urldecode', 1, 1, 'urldecode(url)', 'Decodes a URL-encoded string.'),
  ...['acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cos', 'cosh', 'sin', 'sinh', 'tan', 'tanh'].map((name) =>
    fn('trig', name, 1, 1, `${name}(x)`, `Trigonometric function ${name}.`),
  ),
  fn('trig', 'atan2', 2, 2, 'atan2(y, x)', 'Arc tangent of y/x.'),
  fn('trig', 'hypot', 2, 2, 'hypot(x, y)', 'Hypotenuse of a right triangle.'),
];

function stat(name: string, minArgs: number, maxArgs: number | null, doc: string): FunctionInfo {
  return { name, minArgs, maxArgs, signature: maxArgs === 0 ? name : minArgs === 0 ? `${name}[(x)]` : `${name}(x)`, doc };
}

/** Aggregations of stats, eventstats, streamstats, chart, timechart, tstats and mstats. */
export const STATS_FUNCTIONS: readonly FunctionInfo[] = [
  stat('avg', 1, 1, 'Average of the values.'),
  stat('count', 0, 1, 'Number of events (or of events with the field).'),
  stat('c', 0, 1, 'Same as count.'),
  stat('distinct_count', 1, 1, 'Number of distinct values.'),
  stat('dc', 1, 1, 'Number of distinct values.'),
  stat('estdc', 1, 1, 'Estimated number of distinct values.'),
  stat('estdc_error', 1, 1, 'Theoretical error of estdc.'),
  stat('max', 1, 1, 'Largest value.'),
  stat('mean', 1, 1, 'Average of the values.'),
  stat('median', 1, 1, 'Middle-most value.'),
  stat('min', 1, 1, 'Smallest value.'),
  stat('mode', 1, 1, 'Most frequent value.'),
  stat('range', 1, 1, 'Difference between the largest and smallest values.'),
  stat('stdev', 1, 1, 'Sample standard deviation.'),
  stat('stdevp', 1, 1, 'Population standard deviation.'),
  stat('sum', 1, 1, 'Sum of the values.'),
  stat('sumsq', 1, 1, 'Sum of the squares of the values.'),
  stat('var', 1, 1, 'Sample variance.'),
  stat('varp', 1, 1, 'Population variance.'),
  stat('first', 1, 1, 'First value seen (most recent in default order).'),
  stat('last', 1, 1, 'Last value seen.'),
  stat('list', 1, 1, 'All values, in order, duplicates kept.'),
  stat('values', 1, 1, 'Distinct values, sorted lexicographically.'),
  stat('earliest', 1, 1, 'Chronologically earliest value.'),
  stat('earliest_time', 1, 1, 'Time of the earliest value.'),
  stat('latest', 1, 1, 'Chronologically latest value.'),
  stat('latest_time', 1, 1, 'Time of the latest value.'),
  stat('per_day', 1, 1, 'Rate per day (timechart).'),
  stat('per_hour', 1, 1, 'Rate per hour (timechart).'),
  stat('per_minute', 1, 1, 'Rate per minute (timechart).'),
  stat('per_second', 1, 1, 'Rate per second (timechart).'),
  stat('rate', 1, 1, 'Per-second rate of change of an accumulating counter.'),
  stat('rate_avg', 1, 1, 'Average of the rates of a counter metric (mstats).'),
  stat('rate_sum', 1, 1, 'Sum of the rates of a counter metric (mstats).'),
  stat('sparkline', 0, 2, 'Inline chart of an aggregation over time: sparkline(count, 1h).'),
];

/** Percentile aggregations carry their percentile in the name: perc95, p99, exactperc99.9, upperperc50. */
const PERCENTILE = /^(perc|p|exactperc|upperperc)(\d+(\.\d+)?)$/i;

export function findEvalFunction(name: string): EvalFunctionInfo | undefined {
  const lower = name.toLowerCase();
  return EVAL_FUNCTIONS.find((info) => info.name === lower);
}

export function findStatsFunction(name: string): FunctionInfo | undefined {
  const lower = name.toLowerCase();
  const known = STATS_FUNCTIONS.find((info) => info.name === lower);
  if (known) return known;
  const percentile = PERCENTILE.exec(lower);
  if (percentile) return { name: lower, minArgs: 1, maxArgs: 1, signature: `${lower}(x)`, doc: `The ${percentile[2]}th percentile of the values.` };
  return undefined;
}
