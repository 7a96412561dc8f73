import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CalcError, compileCalcExpr, toFieldValue } from '../../server/src/cim/calcExpr';
import type { FieldValue } from '../../server/src/engine/event';

const run = (expression: string, fields: Record<string, FieldValue> = {}): FieldValue | undefined =>
  toFieldValue(compileCalcExpr(expression)((name) => fields[name]));

test('the subset the data models use evaluates as SPL does', () => {
  assert.equal(run('if(isnull(x) OR x="","unknown",x)'), 'unknown');
  assert.equal(run('if(isnull(x) OR x="","unknown",x)', { x: '' }), 'unknown');
  assert.equal(run('if(isnull(x) OR x="","unknown",x)', { x: 'v' }), 'v');
  assert.equal(run('if(isnull(dest) OR dest="" OR dest="-","unknown",dest)', { dest: '-' }), 'unknown');
  assert.equal(run('if(isnull(app) OR app="",sourcetype,app)', { sourcetype: 'st' }), 'st');
  assert.equal(run('if(isnull(t) OR t="","unknown",lower(t))', { t: 'TCP' }), 'tcp');
  assert.equal(run('if(isnum(p),p,0)', { p: 'abc' }), '0');
  assert.equal(run('if(isnum(p),p,0)', { p: '443' }), '443');
  assert.equal(run('case(isnum(bytes),bytes,isnum(bytes_in) AND isnum(bytes_out),bytes_in+bytes_out,1=1,null())', { bytes_in: '10', bytes_out: '5' }), '15');
  assert.equal(run('case(isnum(bytes),bytes,isnum(bytes_in) AND isnum(bytes_out),bytes_in+bytes_out,1=1,null())'), undefined);
  assert.equal(run('case(source LIKE "stream%" AND isnotnull(y),y,1=1,"no")', { source: 'stream:dhcp', y: 'ip' }), 'ip');
  assert.equal(run('vendor." ".product', { vendor: 'Microsoft', product: 'Sysmon' }), 'Microsoft Sysmon');
  assert.equal(run('case(isnum(c),c,isnotnull(r),mvcount(r),1=1,1)', { r: ['a', 'b'] }), '2');
  assert.equal(run('len(u)', { u: 'héllo' }), '5');
  assert.equal(run('trim(s, "\'")', { s: "'id'" }), 'id');
  assert.equal(run('if(isnotnull(result_id) AND result_id!="",result_id,-1)'), '-1');
  assert.equal(run('NOT isnull(x)', { x: 'a' }), 'true');
});

test('unsupported constructs fail at compile time with the construct named', () => {
  assert.throws(() => compileCalcExpr('strftime(_time, "%m")'), (e: unknown) => e instanceof CalcError && /strftime\(\) is not supported/.test(e.message));
  assert.throws(() => compileCalcExpr('if(a,b)'), /if\(\) takes 3 arguments, got 2/);
  assert.throws(() => compileCalcExpr('a * b'), /unsupported character "\*"/);
  assert.throws(() => compileCalcExpr('match(a, b)'), /needs a literal regular expression/);
  assert.throws(() => compileCalcExpr(''), /empty expression/);
});

test('every Eval expression of the CIM 8.5 datasets compiles, except the listed ones', () => {
  const cim = JSON.parse(readFileSync(resolve(__dirname, '../../server/data/cim.json'), 'utf8'));
  const failures: string[] = [];
  let compiled = 0;
  for (const [model, { datasets }] of Object.entries(cim.models as Record<string, { datasets: Record<string, { fields: { name: string; calculation?: string; expression?: string }[] }> }>)) {
    for (const [name, dataset] of Object.entries(datasets)) {
      for (const field of dataset.fields) {
        if (field.calculation !== 'Eval' || !field.expression) continue;
        try {
          compileCalcExpr(field.expression);
          compiled++;
        } catch (error) {
          failures.push(`${model}.${name}.${field.name}: ${(error as Error).message}`);
        }
      }
    }
  }
  assert.deepEqual(failures, ['Malware.Malware_Attacks.date: function strftime() is not supported']);
  assert.ok(compiled > 200, `${compiled} expressions compiled`);
});
