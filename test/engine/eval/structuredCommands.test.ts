// spath, xmlkv, fromjson, mvexpand, makemv (docs/semantics.md, "spath, xmlkv, fromjson",
// "mvexpand and makemv"), on the shapes security_content detections use them on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEvents, run, textEvents } from './support';

// As CloudTrail's requestParameters.policyDocument; the Id is longer than a double holds.
const policy =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:*","Principal":{"AWS":"arn:aws:iam::1:root"}},' +
  '{"Effect":"Deny","Action":["kms:Decrypt", "kms:Encrypt"],"Principal":{"AWS":"*"},"Id":12345678901234567890}]}';

test('spath path= with {} returns every element (objects and arrays as their JSON text); mvexpand then spath reads each', async () => {
  const spl = [
    'search *',
    'spath input=policy output=statements path=Statement{}',
    'mvexpand statements',
    'spath input=statements output=action path=Action',
    'spath input=statements output=actions path=Action{}',
    'spath input=statements output=principal path=Principal.AWS',
    'table action actions principal',
  ].join(' | ');
  const outcome = await run(spl, jsonEvents([{ policy }]));
  assert.deepEqual(outcome.table, [
    { action: 'kms:*', principal: 'arn:aws:iam::1:root' },
    { action: '["kms:Decrypt", "kms:Encrypt"]', actions: ['kms:Decrypt', 'kms:Encrypt'], principal: '*' },
  ]);
  assert.deepEqual(outcome.lines, [[1], [1]]);
  const elements = await run('search * | spath input=policy path=Statement{}.Effect | spath input=policy path=Statement{}.Action{} output=listed', jsonEvents([{ policy }]));
  assert.deepEqual(elements.table[0]['Statement{}.Effect'], ['Allow', 'Deny']);
  assert.deepEqual(elements.table[0].listed, ['kms:Decrypt', 'kms:Encrypt']);
});

test('spath without a path extracts every field, spath-named; numbers keep their text', async () => {
  const outcome = await run('search * | spath input=policy | table Statement{}.Effect Statement{}.Id Version', jsonEvents([{ policy }]));
  assert.deepEqual(outcome.table, [{ 'Statement{}.Effect': ['Allow', 'Deny'], 'Statement{}.Id': '12345678901234567890', Version: '2012-10-17' }]);
  const raw = await run('search * | spath "query_type{}" | table query_type{}', textEvents(['{"query_type":["A","AAAA"],"name":"x"}']));
  assert.deepEqual(raw.table, [{ 'query_type{}': ['A', 'AAAA'] }]);
});

test('spath on XML: element paths from the root, attributes as {@name}; AppLocker UserData as the corpus reads it', async () => {
  const userData = '<RuleAndFileData xmlns="http://schemas.microsoft.com/schemas/event/Microsoft.Windows/1.0.0.0"><PolicyName>EXE</PolicyName><RuleId>{fd686d83}</RuleId><FilePath>%OSDRIVE%\\USERS\\BOB\\A.EXE</FilePath><FullFilePath>C:\\Users\\bob\\a.exe</FullFilePath><TargetUser>S-1-5-21-1</TargetUser><Hash Type="SHA256">AB&amp;CD</Hash></RuleAndFileData>';
  const spl = 'search * | spath input=UserData_Xml | rename RuleAndFileData.* as *, Computer as dest, TargetUser AS user | table dest PolicyName FullFilePath user Hash Hash{@Type}';
  const outcome = await run(spl, jsonEvents([{ UserData_Xml: userData, Computer: 'ws1' }]));
  assert.deepEqual(outcome.table, [{ dest: 'ws1', PolicyName: 'EXE', FullFilePath: 'C:\\Users\\bob\\a.exe', user: 'S-1-5-21-1', Hash: 'AB&CD', 'Hash{@Type}': 'SHA256' }]);
  const path = await run('search * | spath input=x output=locale path=a.b{@locale}', jsonEvents([{ x: '<a><b locale="en">one</b><b locale="fr">two</b></a>' }]));
  assert.deepEqual(path.table[0].locale, ['en', 'fr']);
});

test('spath: text that is neither JSON nor XML extracts nothing; {N} positions and output= without a path fail before reading', async () => {
  const outcome = await run('search * | spath input=x output=y path=a', jsonEvents([{ x: 'plain text' }, { x: '{"a": broken' }]));
  assert.deepEqual(outcome.table.map((r) => r.y ?? null), [null, null]);
  const position = await run('search * | spath path=a{1}.b', []);
  assert.match(position.error?.message ?? '', /spath path a\{1\}\.b: array positions \(\{N\}\) are not supported/);
  const output = await run('search * | spath output=y', []);
  assert.match(output.error?.message ?? '', /spath output= needs a path/);
});

test('xmlkv: the <key>value</key> pairs of a field, as in the 4698 scheduled task detections', async () => {
  const message = '<?xml version="1.0" encoding="UTF-16"?><Task version="1.2"><RegistrationInfo><Author>CORP\\bob</Author></RegistrationInfo><Settings><Enabled>true</Enabled><Hidden>false</Hidden></Settings><Actions Context="Author"><Exec><Command>rundll32.exe</Command><Arguments>c:\\x.dll,Start &amp; run</Arguments></Exec></Actions></Task>';
  const outcome = await run('search * | xmlkv Message | search Command IN ("*rundll32*") | table Command Arguments Author Enabled Hidden', jsonEvents([{ Message: message }, { Message: '<Task><Exec><Command>cmd.exe</Command></Exec></Task>' }]));
  assert.deepEqual(outcome.table, [{ Command: 'rundll32.exe', Arguments: 'c:\\x.dll,Start & run', Author: 'CORP\\bob', Enabled: 'true', Hidden: 'false' }]);
});

test('fromjson: top-level keys become fields; arrays multivalue, objects JSON text, null nothing; prefix=', async () => {
  const data = '{"op":"MailItemsAccessed","count":3,"ids":["a","b"],"actor":{"upn":"bob@x"},"gone":null}';
  const outcome = await run('search * | fromjson Data prefix=d_ | table d_*', jsonEvents([{ Data: data }]));
  assert.deepEqual(outcome.table, [{ d_op: 'MailItemsAccessed', d_count: '3', d_ids: ['a', 'b'], d_actor: '{"upn":"bob@x"}' }]);
});

test('mvexpand: one row per value (limit= keeps the first N), each with the event behind it; a row without the field is dropped', async () => {
  const events = textEvents(['ace=A ace=B ace=C id=1', 'id=2']);
  const outcome = await run('search * | mvexpand ace | table id ace', events);
  assert.deepEqual(outcome.table, [{ id: '1', ace: 'A' }, { id: '1', ace: 'B' }, { id: '1', ace: 'C' }]);
  assert.deepEqual(outcome.lines, [[1], [1], [1]]);
  const limited = await run('search * | mvexpand limit=2 ace | table ace', events);
  assert.deepEqual(limited.table, [{ ace: 'A' }, { ace: 'B' }]);
});

test('makemv: delim= (default a space), tokenizer= (first group of each match), allowempty=', async () => {
  const events = jsonEvents([{ Scope: 'openid profile  email', process: 'cmd.exe /c whoami -all' }]);
  const delim = await run('search * | makemv delim=" " Scope | table Scope', events);
  assert.deepEqual(delim.table, [{ Scope: ['openid', 'profile', 'email'] }]);
  const empty = await run('search * | makemv delim=" " allowempty=true Scope | eval n=mvcount(Scope) | table n', events);
  assert.deepEqual(empty.table, [{ n: '4' }]);
  const tokens = await run('search * | makemv tokenizer="([\\w\\d\\-]+)" process | table process', events);
  assert.deepEqual(tokens.table, [{ process: ['cmd', 'exe', 'c', 'whoami', '-all'] }]);
});
