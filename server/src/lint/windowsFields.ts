/**
 * Fields whose values Windows compares without case: process names, paths, command lines, user and
 * host names, registry keys and value names. The CIM names are listed here (each is checked against
 * the CIM catalogue by a test); the raw names come from the data sources' mappings onto them
 * (`Image`, `NewProcessName`, `TargetObject`, `Computer` ...), for the Windows data sources only.
 */
import type { CimCatalogue } from '../cim/catalogue';

export type WindowsValueKind = 'a process name' | 'a path' | 'a command line' | 'a user name' | 'a host name' | 'a registry path';

/** CIM fields that hold Windows values. `original_file_name` is left out: it is text in the program's file, compared as written. */
export const WINDOWS_CIM_FIELDS: Readonly<Record<string, WindowsValueKind>> = {
  process_name: 'a process name',
  parent_process_name: 'a process name',
  process_exec: 'a process name',
  parent_process_exec: 'a process name',
  process_path: 'a path',
  parent_process_path: 'a path',
  process_current_directory: 'a path',
  file_name: 'a path',
  file_path: 'a path',
  process: 'a command line',
  parent_process: 'a command line',
  user: 'a user name',
  src_user: 'a user name',
  dest: 'a host name',
  src: 'a host name',
  dvc: 'a host name',
  dest_nt_host: 'a host name',
  src_nt_host: 'a host name',
  registry_path: 'a registry path',
  registry_key_name: 'a registry path',
  registry_value_name: 'a registry path',
};

/** Raw names that hold a SID or an address rather than a name: case is no question there. */
const NOT_A_NAME = /sid$|ip$|ipaddress$|address$/i;
/**
 * Raw names some Windows events fill with other things: `ObjectName` is a file path in 4663 but an AD
 * distinguished name in 4662, which the domain controller writes in its own canonical case.
 */
const AMBIGUOUS = new Set(['ObjectName']);
const WINDOWS_SOURCE = /wineventlog|sysmon|powershell/i;

/** The kind of Windows value a field holds, by its CIM name (a dataset prefix is ignored) or a Windows raw name. */
export class WindowsFields {
  private readonly raw = new Map<string, WindowsValueKind>();

  constructor(cim: CimCatalogue) {
    for (const [name, kind] of Object.entries(WINDOWS_CIM_FIELDS)) {
      for (const source of cim.sourcesOf(name)) {
        const windows = source.rule.matchesByChannel || source.rule.dataSources.some((d) => WINDOWS_SOURCE.test(d));
        if (windows && !NOT_A_NAME.test(source.raw) && !AMBIGUOUS.has(source.raw) && !this.raw.has(source.raw)) this.raw.set(source.raw, kind);
      }
    }
  }

  kindOf(field: string): WindowsValueKind | undefined {
    const cimName = field.slice(field.lastIndexOf('.') + 1);
    return Object.hasOwn(WINDOWS_CIM_FIELDS, cimName) ? WINDOWS_CIM_FIELDS[cimName] : this.raw.get(field);
  }
}
