/**
 * The closed value sets of a detection, as contentctl defines them (splunk/contentctl
 * `contentctl/objects/enums.py`, `constants.py`, `rba.py`, `drilldown.py`). model.ts names them on
 * the keys they belong to; nothing else should spell these values out.
 */

/** `type:` (enums.py AnalyticsType). */
export const ANALYTICS_TYPES = ['TTP', 'Anomaly', 'Hunting', 'Correlation'] as const;

/** The folders of `detections/` security_content uses (contentctl's `new` asks for one). */
export const DETECTION_KINDS = ['endpoint', 'cloud', 'network', 'web', 'application'] as const;

/** `status:` in the ESCU 4.x layout (enums.py DetectionStatus). */
export const DETECTION_STATUSES_4 = ['production', 'deprecated', 'experimental', 'validation'] as const;
/** `status:` in the contentctl 5 layout (enums.py ContentStatus, narrowed for detections). */
export const DETECTION_STATUSES_5 = ['production', 'deprecated', 'experimental', 'removed'] as const;

/** `tags.security_domain` (enums.py SecurityDomain). */
export const SECURITY_DOMAINS = ['endpoint', 'network', 'threat', 'identity', 'access', 'audit', 'cloud'] as const;

/** `tags.product` (enums.py SecurityContentProductName). */
export const PRODUCTS = [
  'Splunk Enterprise',
  'Splunk Enterprise Security',
  'Splunk Cloud',
  'Splunk Security Analytics for AWS',
  'Splunk Behavioral Analytics',
] as const;

/** `tags.asset_type` (enums.py AssetType). */
export const ASSET_TYPES = [
  'AWS Account',
  'AWS EKS Kubernetes cluster',
  'AWS Federated Account',
  'AWS Instance',
  'Account',
  'Amazon EKS Kubernetes cluster',
  'Amazon EKS Kubernetes cluster Pod',
  'Amazon Elastic Container Registry',
  'Azure Tenant',
  'Azure AKS Kubernetes cluster',
  'Azure Active Directory',
  'CircleCI',
  'Cloud Compute Instance',
  'Cloud Instance',
  'DNS Servers',
  'Database Server',
  'Domain Server',
  'EC2 Snapshot',
  'Endpoint',
  'GCP',
  'GCP Account',
  'GCP GKE EKS Kubernetes cluster',
  'GCP GKE Kubernetes cluster',
  'GCP Kubernetes cluster',
  'GCP Storage Bucket',
  'GDrive',
  'GSuite',
  'GitHub',
  'Google Cloud Platform tenant',
  'Identity',
  'Infrastructure',
  'Instance',
  'Kubernetes',
  'Network',
  'O365 Tenant',
  'Okta Tenant',
  'Proxy',
  'S3 Bucket',
  'Splunk Server',
  'VPN Appliance',
  'Web Server',
  'Web Proxy',
  'Web Application',
  'Windows',
] as const;

/** `tags.observable[].type` in the ESCU 4.x layout (constants.py SES_OBSERVABLE_TYPE_MAPPING). */
export const OBSERVABLE_TYPES = [
  'Unknown',
  'Hostname',
  'IP Address',
  'MAC Address',
  'User Name',
  'Email Address',
  'URL String',
  'File Name',
  'File Hash',
  'Process Name',
  'Resource UID',
  'Endpoint',
  'User',
  'Email',
  'Uniform Resource Locator',
  'File',
  'Process',
  'Geo Location',
  'Container',
  'Registry Key',
  'Registry Value',
  'Other',
] as const;

/** `tags.observable[].role` items (constants.py SES_OBSERVABLE_ROLE_MAPPING). */
export const OBSERVABLE_ROLES = ['Other', 'Unknown', 'Actor', 'Target', 'Attacker', 'Victim', 'Parent Process', 'Child Process', 'Known Bad', 'Data Loss', 'Observer'] as const;

/** `rba.risk_objects[].type` in the contentctl 5 layout (rba.py RiskObjectType). */
export const RISK_OBJECT_TYPES = ['system', 'user', 'other'] as const;

/** `rba.threat_objects[].type` in the contentctl 5 layout (rba.py ThreatObjectType). */
export const THREAT_OBJECT_TYPES = [
  'certificate_common_name',
  'certificate_organization',
  'certificate_serial',
  'certificate_unit',
  'command',
  'domain',
  'email_address',
  'email_subject',
  'file_hash',
  'file_name',
  'file_path',
  'http_user_agent',
  'ip_address',
  'process',
  'process_name',
  'parent_process',
  'parent_process_name',
  'process_hash',
  'registry_path',
  'registry_value_name',
  'registry_value_text',
  'service',
  'signature',
  'system',
  'tls_hash',
  'url',
] as const;

/** ATT&CK ids as contentctl's annotated_types.py MITRE_ATTACK_ID_TYPE accepts them (with the dot made literal). */
export const ATTACK_ID = /^T\d{4}(\.\d{3})?$/;
/** annotated_types.py CVE_TYPE. */
export const CVE_ID = /^CVE-[12]\d{3}-\d+$/;

/** Tokens of drilldowns that contentctl or Splunk fill in, not result fields (drilldown.py). */
export const DRILLDOWN_PLACEHOLDERS = ['info_min_time', 'info_max_time'] as const;
/** drilldown.py DRILLDOWN_SEARCH_PLACEHOLDER: replaced by the detection's search when the app is built. */
export const ORIGINAL_SEARCH_PLACEHOLDER = '%original_detection_search%';

/**
 * The longest detection name contentctl accepts (constants.py CONTENTCTL_MAX_SEARCH_NAME_LENGTH):
 * Enterprise Security's 99-character stanza limit, less "ESCU - ... - Rule" and the longest
 * security domain prefix it adds when the search is saved in the product.
 */
export const MAX_NAME_LENGTH = 67;
