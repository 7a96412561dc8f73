// The detections the engine bench runs, each with the baselines it is compared to: a literal for
// ripgrep and hand-written DuckDB SQL over the JSON lines doing what the search does (CIM fields
// of tstats written out as the raw Sysmon 1 / Security 4688 fields they come from).
import { join } from 'node:path';

export interface BenchDetection {
  id: string;
  shape: string;
  /** Workspace roots to load (detections + macros). */
  roots: string[];
  /** The detection YAML. */
  path: string;
  /** Lines ripgrep counts (case-insensitive, fixed string). */
  rgLiteral: string;
  /** True when rgLiteral is the engine's own fast-path literal; false: picked by hand from the search. */
  rgLiteralRequired: boolean;
  /** SQL giving one row per result row of the search; `{{src}}` is replaced by the JSON reader. */
  sql: string;
  /** Columns the SQL reads. */
  columns: string[];
  /** false: run without the fast-path line filter (measures full evaluation of every event). */
  fastPath?: boolean;
}

const BASENAME = "regexp_extract({0}, '[^\\\\]+$')";
const basename = (column: string) => BASENAME.replace('{0}', column);
const likeAny = (column: string, patterns: string[]) =>
  '(' + patterns.map((p) => (p.includes('*') ? `${column} ILIKE '${p.replace(/'/g, "''").replace(/\*/g, '%')}'` : `lower(${column}) = '${p.toLowerCase()}'`)).join(' OR ') + ')';

const IP_CHECK_SITES = [
  '*wtfismyip.com', '*checkip.*', '*ipecho.net', '*ipinfo.io', '*api.ipify.org', '*icanhazip.com', '*ip.anysrc.com', '*api.ip.sb', 'ident.me', 'www.myexternalip.com',
  '*zen.spamhaus.org', '*cbl.abuseat.org', '*b.barracudacentral.org', '*dnsbl-1.uceprotect.net', '*spam.dnsbl.sorbs.net', '*iplogger.org*', '*ip-api.com*', '*geoip.*', '*icanhazip.*',
];
const SYSTEM_FOLDERS = ['*:\\windows\\system32\\*', '*:\\windows\\syswow64\\*', 'c:\\Program Files*'];

/** Sysmon 1 and Security 4688 as Endpoint.Processes: the fields the searches read (4688's user is SubjectUserSid, as the add-on maps it). */
const PROCESS = `CASE WHEN EventCode = '1' THEN Image ELSE NewProcessName END`;
const POWERSHELL_NAMES = ['pwsh.exe', 'sqlps.exe', 'sqltoolsps.exe', 'powershell.exe', 'powershell_ise.exe'];
const POWERSHELL_ORIGINALS = ['pwsh.dll', 'powershell.exe', 'powershell_ise.exe'];
const inList = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export function benchDetections(repoRoot: string, corpusRoot: string): BenchDetection[] {
  const samples = join(repoRoot, 'samples');
  const corpus = (file: string) => join(corpusRoot, 'detections', file);
  const powershell: BenchDetection = {
    id: 'powershell_execution_policy_bypass', shape: 'tstats, fast path with alternatives', roots: [corpusRoot],
    path: corpus('endpoint/malicious_powershell_process___execution_policy_bypass.yml'),
    rgLiteral: 'powershell', rgLiteralRequired: false,
    columns: ['EventCode', 'Computer', 'User', 'SubjectUserSid', 'Image', 'NewProcessName', 'OriginalFileName', 'CommandLine', 'ProcessId', 'NewProcessId'],
    sql: `SELECT count(*) AS n FROM {{src}} WHERE EventCode IN ('1', '4688')
      AND (lower(${basename(PROCESS)}) IN (${inList(POWERSHELL_NAMES)}) OR lower(OriginalFileName) IN (${inList(POWERSHELL_ORIGINALS)}))
      AND (CommandLine ILIKE '% -ex%' OR CommandLine ILIKE '% bypass %')
      GROUP BY CASE WHEN EventCode = '1' THEN ProcessId ELSE NewProcessId END, CASE WHEN EventCode = '1' THEN User ELSE SubjectUserSid END, Computer`,
  };
  return [
    {
      id: 'msiexec_dllregisterserver', shape: 'tstats + fast path (samples)', roots: [samples],
      path: join(samples, 'detections/endpoint/windows_msiexec_dllregisterserver.yml'),
      rgLiteral: 'msiexec.exe', rgLiteralRequired: true,
      columns: ['EventCode', 'Computer', 'User', 'SubjectUserName', 'Image', 'NewProcessName', 'ParentImage', 'ParentProcessName', 'OriginalFileName', 'CommandLine', 'ProcessId', 'NewProcessId', 'ParentProcessId'],
      sql: `SELECT count(*) AS n FROM {{src}} WHERE EventCode IN ('1', '4688')
        AND (lower(${basename(PROCESS)}) = 'msiexec.exe' OR lower(OriginalFileName) = 'msiexec.exe')
        AND (CommandLine LIKE '%/y%' OR CommandLine LIKE '%-y%')
        GROUP BY Computer, User, SubjectUserName, ParentImage, ParentProcessName, ${PROCESS}, OriginalFileName, CommandLine, ProcessId, NewProcessId, ParentProcessId`,
    },
    powershell,
    // The same detection with every event evaluated through the data model: the cost without a filter.
    { ...powershell, id: 'powershell_execution_policy_bypass (fast path off)', shape: 'tstats, every event evaluated', fastPath: false },
    {
      id: 'ip_check_web_services', shape: '`sysmon` search, IN list, stats', roots: [corpusRoot],
      path: corpus('endpoint/windows_gather_victim_network_info_through_ip_check_web_services.yml'),
      rgLiteral: 'QueryName', rgLiteralRequired: false,
      columns: ['EventCode', 'Computer', 'Image', 'ProcessId', 'QueryName', 'QueryStatus', 'QueryResults'],
      sql: `SELECT count(*) AS n FROM {{src}} WHERE EventCode = '22' AND ${likeAny('QueryName', IP_CHECK_SITES)}
        GROUP BY Image, ProcessId, QueryName, QueryStatus, QueryResults, EventCode, Computer`,
    },
    {
      id: 'wmi_event_subscription', shape: '`sysmon` EventID=20 | stats by', roots: [corpusRoot],
      path: corpus('endpoint/detect_wmi_event_subscription_persistence.yml'),
      rgLiteral: 'WmiConsumerEvent', rgLiteralRequired: false,
      columns: ['EventID', 'Computer', 'User', 'Destination'],
      sql: `SELECT count(*) AS n FROM {{src}} WHERE EventID = '20' AND Computer IS NOT NULL AND User IS NOT NULL AND Destination IS NOT NULL GROUP BY Computer, User, Destination`,
    },
    {
      id: 'kerberos_service_ticket', shape: '`wineventlog_security` | eval | where | table', roots: [corpusRoot],
      path: corpus('endpoint/suspicious_kerberos_service_ticket_request.yml'),
      rgLiteral: '4769', rgLiteralRequired: true,
      columns: ['EventCode', 'ServiceName', 'TargetUserName'],
      sql: `SELECT 1 AS n FROM {{src}} WHERE EventCode = '4769' AND lower(ServiceName) = lower(split_part(TargetUserName, '@', 1))`,
    },
    {
      id: 'unsigned_dll_side_loading', shape: '`sysmon` | rex | where | stats', roots: [corpusRoot],
      path: corpus('endpoint/windows_unsigned_dll_side_loading_in_same_process_path.yml'),
      rgLiteral: 'false', rgLiteralRequired: true,
      columns: ['EventCode', 'Signed', 'SignatureStatus', 'Image', 'ImageLoaded', 'ProcessGuid', 'User', 'Computer', 'Company', 'Description', 'Product'],
      sql: `SELECT count(*) AS n FROM {{src}} WHERE EventCode = '7' AND lower(Signed) = 'false' AND lower(SignatureStatus) <> 'valid'
        AND NOT ${likeAny('Image', SYSTEM_FOLDERS)} AND NOT ${likeAny('ImageLoaded', SYSTEM_FOLDERS)}
        AND regexp_extract(Image, '(.+\\\\)', 1) = regexp_extract(ImageLoaded, '(.+\\\\)', 1)
        GROUP BY Image, ProcessGuid, ImageLoaded, User, Computer, EventCode, Company, Description, Product, Signed, SignatureStatus`,
    },
  ];
}
