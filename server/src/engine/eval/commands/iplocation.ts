// `iplocation [prefix=] [allfields=] [lang=] field` (SR iplocation): location fields from a GeoIP
// database the run is given (docs/semantics.md, "iplocation").
import type { SingleFieldCommandNode } from '../../../spl/ast';
import { RunCode, RunError } from '../errors';
import { GeoIpError, type GeoIpDatabase, type GeoLocation } from '../geoip';
import { textOf } from '../values';
import { optionText, readOptions, rejectExtras, streaming, type CommandSpec } from './types';

const DEFAULT_FIELDS: Array<keyof GeoLocation> = ['City', 'Country', 'Region', 'lat', 'lon'];
const ALL_FIELDS: Array<keyof GeoLocation> = ['City', 'Continent', 'Country', 'MetroCode', 'Region', 'Timezone', 'lat', 'lon'];

export const NO_GEOIP_DATABASE =
  'iplocation needs a GeoIP database: give the run a MaxMind .mmdb file such as the GeoLite2-City.mmdb in $SPLUNK_HOME/share ' +
  '(VS Code setting splDetect.geoipDatabase, spl-detect --geoip FILE)';

export const iplocationCommand: CommandSpec = {
  names: ['iplocation'],
  compile(node, { ctx }) {
    const command = node as SingleFieldCommandNode;
    rejectExtras(command);
    const options = readOptions(command.options, ['prefix', 'allfields', 'lang'], 'iplocation');
    if (!command.field) throw new RunError(RunCode.notRunnable, 'iplocation needs an IP address field', command.span);
    const open = ctx.sources.geoip;
    if (!open) throw new RunError(RunCode.notRunnable, NO_GEOIP_DATABASE, command.nameSpan);
    let database: GeoIpDatabase;
    try {
      database = open();
    } catch (error) {
      if (!(error instanceof GeoIpError)) throw error;
      throw new RunError(RunCode.notRunnable, `iplocation: ${error.message}`, command.nameSpan);
    }
    const text = (name: string) => (options.has(name) ? optionText(options.get(name)!) : undefined);
    const prefix = text('prefix') ?? '';
    const lang = text('lang') ?? 'en';
    const names = /^(true|t|1|yes)$/i.test(text('allfields') ?? '') ? ALL_FIELDS : DEFAULT_FIELDS;
    const field = command.field.name;
    return streaming((row) => {
      const address = textOf(row.get(field));
      if (address === undefined) return row;
      let location: GeoLocation | undefined;
      try {
        location = database.locate(address, lang);
      } catch (error) {
        if (!(error instanceof GeoIpError)) throw error;
        throw new RunError(RunCode.notRunnable, `iplocation: ${error.message}`, command.nameSpan);
      }
      // No location (a private address, no IP at all): no fields. A location lacking a field: empty.
      if (location) for (const name of names) row.set(prefix + name, location[name] ?? '');
      return row;
    });
  },
};
