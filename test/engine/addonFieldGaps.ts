// The reviewed list of fields the corpus' data sources list for their example events that the engine
// does not give, each with the reason (test/engine/addonFieldCoverage.test.ts checks it is complete
// and that every entry is still missing). Grouped by reason; per data source file, the field names.

export interface Gap {
  reason: string;
  fields: Record<string, string[]>;
}

export const CUT_OFF_REASON = 'the corpus example is cut off before the element that holds it (the XML event has no closing tag)';

export const GAPS: Gap[] = [
  {
    reason: CUT_OFF_REASON,
    fields: {
      'powershell_script_block_logging_4104.yml': ['Path', 'ScriptBlockId'],
      'windows_event_log_security_4662.yml': ['AccessMask', 'AdditionalInfo', 'Properties'],
      'windows_event_log_security_4663.yml': ['AccessMask', 'ProcessId', 'ProcessName', 'ResourceAttributes'],
      'windows_event_log_security_4738.yml': ['LogonHours'],
      'windows_event_log_security_4741.yml': ['DnsHostName', 'LogonHours', 'ServicePrincipalNames', 'SidHistory', 'UserParameters'],
      'windows_event_log_security_4742.yml': ['DnsHostName', 'LogonHours', 'ServicePrincipalNames'],
      'windows_event_log_security_4887.yml': ['Disposition', 'Subject', 'SubjectKeyIdentifier'],
      'windows_event_log_security_5145.yml': ['AccessReason'],
      'windows_event_log_system_7045.yml': ['AccountName', 'ServiceType', 'StartType'],
    },
  },
  {
    reason: "the corpus example is cut off inside this element's text (no closing </Data>): the engine drops an unclosed element, as extraction keeps only whole elements",
    fields: {
      'powershell_script_block_logging_4104.yml': ['ScriptBlockText'],
      'windows_event_log_security_4627.yml': ['GroupMembership'],
      'windows_event_log_security_4662.yml': ['AccessList'],
      'windows_event_log_security_4663.yml': ['AccessList'],
      'windows_event_log_security_4672.yml': ['PrivilegeList'],
      'windows_event_log_security_4738.yml': ['SidHistory'],
      'windows_event_log_security_4741.yml': ['UserAccountControl'],
      'windows_event_log_security_4742.yml': ['SidHistory'],
      'windows_event_log_security_4886.yml': ['Attributes'],
      'windows_event_log_security_4887.yml': ['Attributes'],
      'windows_event_log_security_5140.yml': ['AccessList'],
      'windows_event_log_security_5145.yml': ['AccessList'],
      'windows_event_log_system_7045.yml': ['ImagePath'],
    },
  },
  {
    reason: "the CrowdStrike add-on's lookups (aid_master for aid_* and the host, the *_meaning decoding tables), which the corpus does not ship",
    fields: {
      'crowdstrike_processrollup2.yml': ['AuthenticationId_meaning', 'ImageSubsystem_meaning', 'IntegrityLevel_meaning', 'ProcessParameterFlags_meaning', 'ProcessSxsFlags_meaning', 'SignInfoFlags_meaning', 'TokenType_meaning', 'WindowFlags_meaning', 'aid_city', 'aid_computer_name', 'aid_continent', 'aid_country', 'aid_machine_domain', 'aid_os_version', 'aid_ou', 'aid_site_name', 'aid_system_product_name', 'host_res_aid', 'resolve_dest', 'resolve_process_integrity_level'],
    },
  },
  {
    reason: "the add-on's HTTP status lookup (status_description, status_type), which the project does not have",
    fields: {
      'nginx_access.yml': ['status_description', 'status_type'],
    },
  },
  {
    reason: "a length or a sum of other fields (url_length, http_user_agent_length, bytes): the add-on computes it with an eval expression; field specs take or rename a value, they do not compute",
    fields: {
      'aws_cloudfront.yml': ['bytes', 'http_user_agent_length', 'url_length'],
      'nginx_access.yml': ['bytes', 'http_user_agent_length', 'url_length'],
    },
  },
  {
    reason: "the domain part of a URL the log does not hold whole (the add-on's regex over a URL assembled from other fields)",
    fields: {
      'aws_cloudfront.yml': ['url_domain'],
      'nginx_access.yml': ['url_domain'],
    },
  },
  {
    reason: "Error_Code: the Windows add-on derives it by rules its documentation does not give, and the XML event has no element of that name",
    fields: {
      'windows_event_log_application_2282.yml': ['Error_Code'],
      'windows_event_log_application_3000.yml': ['Error_Code'],
      'windows_event_log_security_1100.yml': ['Error_Code'],
      'windows_event_log_security_1102.yml': ['Error_Code'],
      'windows_event_log_security_4624.yml': ['Error_Code'],
      'windows_event_log_security_4625.yml': ['Error_Code'],
      'windows_event_log_security_4627.yml': ['Error_Code'],
      'windows_event_log_security_4648.yml': ['Error_Code'],
      'windows_event_log_security_4662.yml': ['Error_Code'],
      'windows_event_log_security_4663.yml': ['Error_Code'],
      'windows_event_log_security_4672.yml': ['Error_Code'],
      'windows_event_log_security_4688.yml': ['Error_Code'],
      'windows_event_log_security_4703.yml': ['Error_Code'],
      'windows_event_log_security_4719.yml': ['Error_Code'],
      'windows_event_log_security_4724.yml': ['Error_Code'],
      'windows_event_log_security_4725.yml': ['Error_Code'],
      'windows_event_log_security_4726.yml': ['Error_Code'],
      'windows_event_log_security_4738.yml': ['Error_Code'],
      'windows_event_log_security_4739.yml': ['Error_Code'],
      'windows_event_log_security_4741.yml': ['Error_Code'],
      'windows_event_log_security_4742.yml': ['Error_Code'],
      'windows_event_log_security_4768.yml': ['Error_Code'],
      'windows_event_log_security_4769.yml': ['Error_Code'],
      'windows_event_log_security_4771.yml': ['Error_Code'],
      'windows_event_log_security_4776.yml': ['Error_Code'],
      'windows_event_log_security_4781.yml': ['Error_Code'],
      'windows_event_log_security_4794.yml': ['Error_Code'],
      'windows_event_log_security_4798.yml': ['Error_Code'],
      'windows_event_log_security_4876.yml': ['Error_Code'],
      'windows_event_log_security_4886.yml': ['Error_Code'],
      'windows_event_log_security_4887.yml': ['Error_Code'],
      'windows_event_log_security_5136.yml': ['Error_Code'],
      'windows_event_log_security_5137.yml': ['Error_Code'],
      'windows_event_log_security_5140.yml': ['Error_Code'],
      'windows_event_log_security_5141.yml': ['Error_Code'],
      'windows_event_log_security_5145.yml': ['Error_Code'],
      'windows_event_log_system_7036.yml': ['Error_Code'],
      'windows_event_log_system_7040.yml': ['Error_Code'],
      'windows_event_log_system_7045.yml': ['Error_Code'],
    },
  },
  {
    reason: "user_group: the Windows add-on fills it from its identity lookups, which the project does not have",
    fields: {
      'windows_event_log_security_4624.yml': ['user_group'],
      'windows_event_log_security_4625.yml': ['user_group'],
      'windows_event_log_security_4627.yml': ['user_group'],
      'windows_event_log_security_4648.yml': ['user_group'],
      'windows_event_log_security_4688.yml': ['user_group'],
      'windows_event_log_security_4703.yml': ['user_group'],
      'windows_event_log_security_4724.yml': ['user_group'],
      'windows_event_log_security_4725.yml': ['user_group'],
      'windows_event_log_security_4726.yml': ['user_group'],
      'windows_event_log_security_4738.yml': ['user_group'],
      'windows_event_log_security_4741.yml': ['user_group'],
      'windows_event_log_security_4742.yml': ['user_group'],
      'windows_event_log_security_4768.yml': ['user_group'],
      'windows_event_log_security_4769.yml': ['user_group'],
      'windows_event_log_security_4771.yml': ['user_group'],
      'windows_event_log_security_4776.yml': ['user_group'],
      'windows_event_log_security_4798.yml': ['user_group'],
    },
  },
  {
    reason: "object_attrs, result, object, object_id, severity, user_type of Security change events: the Windows add-on's per-event-code tables, not documented field by field",
    fields: {
      'windows_event_log_security_1100.yml': ['object_attrs'],
      'windows_event_log_security_1102.yml': ['object_attrs'],
      'windows_event_log_security_4703.yml': ['object_attrs', 'object_id', 'result'],
      'windows_event_log_security_4719.yml': ['object_attrs'],
      'windows_event_log_security_4724.yml': ['object_attrs', 'result'],
      'windows_event_log_security_4725.yml': ['object_attrs', 'result'],
      'windows_event_log_security_4726.yml': ['object_attrs', 'result'],
      'windows_event_log_security_4738.yml': ['object_attrs', 'result'],
      'windows_event_log_security_4739.yml': ['object_attrs', 'result', 'severity'],
      'windows_event_log_security_4741.yml': ['object_attrs', 'result', 'user_type'],
      'windows_event_log_security_4742.yml': ['object_attrs', 'result', 'user_type'],
      'windows_event_log_security_4781.yml': ['object', 'object_attrs', 'result'],
    },
  },
  {
    reason: "a 4663/4688 process field whose raw element the example lacks (process names of 4663 come from ProcessName, cut off; 4688's command-line parts come from a regex of the add-on over the command line)",
    fields: {
      'windows_event_log_security_4663.yml': ['process', 'process_id', 'process_name', 'process_path'],
      'windows_event_log_security_4688.yml': ['process_command_line_arguments', 'process_command_line_process'],
    },
  },
  {
    reason: "a Windows field computed by the add-on from values the example does not hold (service fields of 1100; start_mode, status of the Service Control Manager's param2/param3 words)",
    fields: {
      'windows_event_log_security_1100.yml': ['service', 'service_name'],
      'windows_event_log_security_4688.yml': ['Token_Elevation_Type_id'],
      'windows_event_log_system_7036.yml': ['status'],
      'windows_event_log_system_7040.yml': ['start_mode'],
      'windows_event_log_system_7045.yml': ['start_mode'],
    },
  },
  {
    reason: "the classic-text names (Involved_File, Old_Value, New_Value, Target_Commandline, Path) the Windows add-on gives Defender events are made from their Message text, which renderXml events do not carry",
    fields: {
      'windows_event_log_defender_1121.yml': ['Involved_File', 'New_Value', 'Old_Value', 'Target_Commandline'],
      'windows_event_log_defender_1122.yml': ['Path', 'Target_Commandline'],
      'windows_event_log_defender_5007.yml': ['New_Value'],
    },
  },
  {
    reason: "an aws:cloudtrail field the Splunk Add-on for AWS takes from its per-eventName tables (change_type, user_group_id, desc, reason, result_id, object_id, object_attrs, authentication_method, temp_access_key), which are not documented field by field",
    fields: {
      'aws_cloudtrail_assumerolewithsaml.yml': ['change_type', 'temp_access_key'],
      'aws_cloudtrail_consolelogin.yml': ['authentication_method', 'desc', 'reason', 'user_group_id'],
      'aws_cloudtrail_copyobject.yml': ['user_group_id'],
      'aws_cloudtrail_createaccesskey.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_createkey.yml': ['user_group_id'],
      'aws_cloudtrail_createloginprofile.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_createnetworkaclentry.yml': ['change_type', 'object_id', 'user_group_id'],
      'aws_cloudtrail_createpolicyversion.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_createsnapshot.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_createtask.yml': ['user_group_id'],
      'aws_cloudtrail_createvirtualmfadevice.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_deactivatemfadevice.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_deleteaccountpasswordpolicy.yml': ['change_type', 'desc', 'user_group_id'],
      'aws_cloudtrail_deletealarms.yml': ['authentication_method', 'change_type', 'desc', 'object_attrs', 'object_id', 'reason', 'result_id', 'temp_access_key', 'user_group_id'],
      'aws_cloudtrail_deletedetector.yml': ['result_id', 'user_group_id'],
      'aws_cloudtrail_deletegroup.yml': ['change_type', 'reason', 'result_id', 'user_group_id'],
      'aws_cloudtrail_deleteipset.yml': ['result_id', 'user_group_id'],
      'aws_cloudtrail_deleteloggroup.yml': ['user_group_id'],
      'aws_cloudtrail_deletelogstream.yml': ['user_group_id'],
      'aws_cloudtrail_deletenetworkaclentry.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_deletepolicy.yml': ['change_type', 'reason', 'result_id', 'user_group_id'],
      'aws_cloudtrail_deleterule.yml': ['user_group_id'],
      'aws_cloudtrail_deletesnapshot.yml': ['authentication_method', 'change_type', 'desc', 'object_attrs', 'object_id', 'reason', 'result_id', 'temp_access_key', 'user_group_id'],
      'aws_cloudtrail_deletetrail.yml': ['user_group_id'],
      'aws_cloudtrail_deletevirtualmfadevice.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_deletewebacl.yml': ['user_group_id'],
      'aws_cloudtrail_describeeventaggregates.yml': ['user_group_id'],
      'aws_cloudtrail_describeimagescanfindings.yml': ['user_group_id'],
      'aws_cloudtrail_getaccountpasswordpolicy.yml': ['change_type', 'desc', 'user_group_id'],
      'aws_cloudtrail_getobject.yml': ['user_group_id'],
      'aws_cloudtrail_getpassworddata.yml': ['change_type', 'reason', 'result_id', 'user_group_id'],
      'aws_cloudtrail_jobcreated.yml': ['desc', 'user_group_id'],
      'aws_cloudtrail_modifydbinstance.yml': ['user_group_id'],
      'aws_cloudtrail_modifyimageattribute.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_modifysnapshotattribute.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_putbucketacl.yml': ['change_type', 'object_id', 'user_group_id'],
      'aws_cloudtrail_putbucketlifecycle.yml': ['object_id', 'user_group_id'],
      'aws_cloudtrail_putbucketreplication.yml': ['object_id', 'user_group_id'],
      'aws_cloudtrail_putbucketversioning.yml': ['object_id', 'user_group_id'],
      'aws_cloudtrail_putimage.yml': ['user_group_id'],
      'aws_cloudtrail_putkeypolicy.yml': ['user_group_id'],
      'aws_cloudtrail_replacenetworkaclentry.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_setdefaultpolicyversion.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_stoplogging.yml': ['user_group_id'],
      'aws_cloudtrail_updateaccountpasswordpolicy.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_updateloginprofile.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_updatesamlprovider.yml': ['change_type', 'user_group_id'],
      'aws_cloudtrail_updatetrail.yml': ['user_group_id'],
    },
  },
  {
    reason: "a field of one API call's requestParameters (network ACL entries, instances, TLS details, console sign-in flags) the add-on maps per eventName; not modelled",
    fields: {
      'aws_cloudtrail_createnetworkaclentry.yml': ['direction', 'protocol', 'protocol_code', 'rule_action', 'src_ip_range'],
      'aws_cloudtrail_deletealarms.yml': ['dest_ip_range', 'dest_port_range', 'direction', 'image_id', 'instance_type', 'protocol', 'protocol_code', 'rule_action', 'sessionCredentialFromConsole', 'splunk_server_group', 'src_ip_range', 'src_port_range'],
      'aws_cloudtrail_deletenetworkaclentry.yml': ['direction'],
      'aws_cloudtrail_deletesnapshot.yml': ['dest_ip_range', 'dest_port_range', 'direction', 'image_id', 'instance_type', 'protocol', 'protocol_code', 'rule_action', 'splunk_server_group', 'src_ip_range', 'src_port_range', 'tlsDetails.cipherSuite', 'tlsDetails.clientProvidedHostHeader', 'tlsDetails.tlsVersion'],
      'aws_cloudtrail_replacenetworkaclentry.yml': ['direction', 'protocol', 'protocol_code', 'rule_action', 'src_ip_range'],
    },
  },
  {
    reason: "an aws:cloudtrail field the example's identity does not give (no role or access key in it) or that names a whole JSON member",
    fields: {
      'aws_cloudtrail_assumerolewithsaml.yml': ['user_arn', 'user_role'],
      'aws_cloudtrail_consolelogin.yml': ['user_access_key'],
      'aws_cloudtrail_deletealarms.yml': ['errorMessage'],
      'aws_cloudtrail_deletesnapshot.yml': ['errorMessage', 'responseElements'],
    },
  },
  {
    reason: "an O365 change field (change_type, object_category, object_attrs, object, object_id, src_user_type, user_agent_change, Params) the Office 365 add-on derives per Operation by tables its documentation does not give",
    fields: {
      'o365_add_app_role_assignment_to_service_principal_.yml': ['user_agent_change'],
      'o365_add_member_to_role_.yml': ['change_type', 'object_category'],
      'o365_add_owner_to_application_.yml': ['change_type', 'object_category', 'user_agent_change'],
      'o365_add_service_principal_.yml': ['change_type', 'object_category', 'user_agent_change'],
      'o365_change_user_license_.yml': ['change_type', 'object_attrs', 'object_category'],
      'o365_consent_to_application_.yml': ['user_agent_change'],
      'o365_modifyfolderpermissions.yml': ['change_type', 'object', 'object_attrs', 'object_category', 'object_id'],
      'o365_set_company_information_.yml': ['change_type', 'object_category'],
      'o365_set_mailbox.yml': ['Params', 'change_type', 'object_attrs', 'object_category', 'src_user_type'],
      'o365_update_application_.yml': ['change_type', 'object_category', 'user_agent_change'],
      'o365_update_authorization_policy_.yml': ['user_agent_change'],
      'o365_update_user_.yml': ['change_type', 'object_category'],
    },
  },
  {
    reason: "user_agent of an O365 event whose ExtendedProperties hold no UserAgent pair (the add-on takes it from Actor/target details not documented)",
    fields: {
      'o365_add_app_role_assignment_to_service_principal_.yml': ['user_agent'],
      'o365_add_owner_to_application_.yml': ['user_agent'],
      'o365_add_service_principal_.yml': ['user_agent'],
      'o365_consent_to_application_.yml': ['user_agent'],
      'o365_modifyfolderpermissions.yml': ['user_agent'],
      'o365_update_application_.yml': ['user_agent'],
      'o365_update_authorization_policy_.yml': ['user_agent'],
    },
  },
  {
    reason: "a MailItemsAccessed property (IsThrottled, MailAccessType) held in OperationProperties, which the add-on unpacks and the example does not hold as ExtendedProperties",
    fields: {
      'o365_mailitemsaccessed.yml': ['IsThrottled', 'MailAccessType'],
    },
  },
  {
    reason: "the Splunk Add-on for AWS's Security Hub extractions (regexes over the finding for *_extract, and its CIM fields) are not modelled",
    fields: {
      'aws_security_hub.yml': ['accesskey_extract', 'app', 'body', 'description', 'dest', 'dest_type', 'id', 'instance_extract', 's3bucket_extract', 'severity', 'severity_id', 'signature', 'signature_id', 'subject', 'type', 'vendor_account', 'vendor_region'],
    },
  },
  {
    reason: "a CrowdStrike field the add-on computes from its lookups or from fields the example does not hold",
    fields: {
      'crowdstrike_processrollup2.yml': ['action', 'dest', 'event_ingest_time', 'os', 'parent_process_exec', 'process_exec', 'process_integrity_level', 'user_id', 'vendor_product'],
    },
  },
  {
    reason: "the ActiveDirectory (admon) sourcetype is not a Windows event log: its own extraction (attribute=value pairs of the directory object) is not modelled",
    fields: {
      'windows_active_directory_admon.yml': ['IMPHASH', 'MD5', 'SHA256', 'UserID', 'admonEventType', 'cn', 'dSCorePropagationData', 'dcName', 'displayName', 'distinguishedName', 'gPCMachineExtensionNames', 'guid_lookup', 'instanceType', 'objectCategory', 'objectClass', 'objectGUID', 'uSNChanged', 'uSNCreated', 'whenChanged', 'whenCreated', 'xmlns'],
    },
  },
  {
    reason: "the Linux auditd add-on extracts the key=value pairs inside msg='...' and the uppercase translated fields (UID, AUID); the engine's key=value extraction reads msg='...' as one value",
    fields: {
      'linux_auditd_add_user.yml': ['op', 'id', 'exe', 'hostname', 'addr', 'terminal', 'res', 'UID'],
      'linux_auditd_service_stop.yml': ['comm', 'exe', 'hostname', 'addr', 'terminal', 'res', 'UID'],
    },
  },
  {
    reason: "the Splunk Add-on for Unix and Linux's sshd regexes over linux_secure text are not modelled",
    fields: {
      'linux_secure.yml': ['action', 'app', 'dest', 'dvc', 'pid', 'process', 'src', 'src_port', 'sshd_protocol', 'user', 'user_name', 'vendor_action', 'vendor_product'],
    },
  },
  {
    reason: "Splunk Stream's stream:ip/http fields come from the Stream app's own JSON (the example is a text line of a different shape); not modelled",
    fields: {
      'splunk_stream_ip.yml': ['action', 'app', 'bytes', 'dest', 'http_content_type', 'http_referrer', 'http_user_agent_length', 'https', 'product', 'status_description', 'status_type', 'url', 'url_domain', 'url_length', 'vendor', 'vendor_product', 'version', 'web_server'],
    },
  },
  {
    reason: "a field of the nginx add-on with no documented source in the key=value log (vendor, product, version, web_server, app ...)",
    fields: {
      'nginx_access.yml': ['app', 'product', 'vendor', 'vendor_product', 'version', 'web_server'],
    },
  },
  {
    reason: "an aws:cloudfront:accesslogs field the add-on computes (action, category from the edge result type) by tables its documentation does not give",
    fields: {
      'aws_cloudfront.yml': ['action', 'category'],
    },
  },
  {
    reason: "a VPC flow log field the add-on computes from the log's context (region and duration are not in the record; splunk_server_group is Splunk's)",
    fields: {
      'aws_cloudwatchlogs_vpcflow.yml': ['duration', 'region', 'splunk_server_group'],
    },
  },
  {
    reason: "timestamp: the add-on's parsed time field of a source whose example has no such member",
    fields: {
      'aws_security_hub.yml': ['timestamp'],
      'kubernetes_audit.yml': ['timestamp'],
      'powershell_installed_iis_modules.yml': ['timestamp'],
      'windows_active_directory_admon.yml': ['timestamp'],
    },
  },
  {
    reason: "a Sysmon field the add-on computes by rules its documentation does not give (status, object_path, result, registry value type, query_count, state, transport_dest_port), or a source process (EventID 7 and 10 parent_*/process_guid) the event does not name",
    fields: {
      'sysmon_eventid_10.yml': ['parent_process_guid', 'process_guid'],
      'sysmon_eventid_12.yml': ['status'],
      'sysmon_eventid_13.yml': ['RegistryValueType', 'registry_value_type', 'status'],
      'sysmon_eventid_20.yml': ['object', 'object_path', 'status'],
      'sysmon_eventid_21.yml': ['object', 'object_attrs', 'object_path', 'result', 'status'],
      'sysmon_eventid_22.yml': ['query_count'],
      'sysmon_eventid_3.yml': ['state', 'transport_dest_port'],
      'sysmon_eventid_7.yml': ['parent_process_exec', 'parent_process_guid', 'parent_process_id', 'parent_process_name', 'parent_process_path'],
    },
  },
  {
    reason: "an Azure result code the example does not hold (subStatus / resultReason is absent or empty)",
    fields: {
      'azure_active_directory_add_app_role_assignment_to_service_principal.yml': ['result_id'],
      'azure_audit_create_or_update_an_azure_automation_account.yml': ['vendor_res_code'],
      'azure_audit_create_or_update_an_azure_automation_runbook.yml': ['vendor_res_code'],
    },
  },
  {
    reason: "dest of splunkd_ui_access: the Splunk app's own extraction, not modelled",
    fields: {
      'splunk.yml': ['dest'],
    },
  },
  {
    reason: "AttackTechniques: empty in the example (an empty value gives no field)",
    fields: {
      'windows_defender_alerts.yml': ['AttackTechniques'],
    },
  },
];
